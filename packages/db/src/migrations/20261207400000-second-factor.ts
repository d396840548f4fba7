import { Migration } from "@mikro-orm/migrations";

/** Second factors (issue "TOTP"): each user's authenticator app, recovery codes and sign-ins waiting for either. */
export class SecondFactor extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      "create table `totp_factors` (`user_id` integer not null, `secret` text not null, `confirmed_at` datetime null, `last_step` integer null, `created_at` datetime not null, constraint `totp_factors_user_id_foreign` foreign key(`user_id`) references `users`(`id`) on delete cascade on update cascade, primary key (`user_id`));",
    );
    this.addSql(
      "create table `recovery_codes` (`id` integer not null primary key autoincrement, `user_id` integer not null, `digest` text not null, `used_at` datetime null, constraint `recovery_codes_user_id_foreign` foreign key(`user_id`) references `users`(`id`) on delete cascade on update cascade);",
    );
    this.addSql("create index `recovery_codes_user_id_index` on `recovery_codes` (`user_id`);");
    this.addSql(
      "create unique index `recovery_codes_digest_unique` on `recovery_codes` (`digest`);",
    );
    this.addSql(
      "create table `login_challenges` (`id` text not null, `user_id` integer not null, `password_changed_at` datetime not null, `created_at` datetime not null, `expires_at` datetime not null, `used_at` datetime null, constraint `login_challenges_user_id_foreign` foreign key(`user_id`) references `users`(`id`) on delete cascade on update cascade, primary key (`id`));",
    );
    this.addSql("create index `login_challenges_user_id_index` on `login_challenges` (`user_id`);");
  }
}

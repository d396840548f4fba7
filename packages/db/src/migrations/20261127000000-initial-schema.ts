import { Migration } from "@mikro-orm/migrations";

/** Users, sessions, API keys, login throttles, audit trail and server settings. */
export class InitialSchema extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      "create table `users` (`id` integer not null primary key autoincrement, `name` text not null, `email` text null, `full_name` text null, `password_hash` text not null, `role` text check (`role` in ('Admin', 'ReadOnly', 'Agent')) not null, `is_disabled` integer not null default false, `is_external` integer not null default false, `must_change_password` integer not null default false, `password_changed_at` datetime not null, `last_seen_at` datetime null, `created_at` datetime not null, `updated_at` datetime not null);",
    );
    this.addSql("create unique index `users_name_unique` on `users` (`name`);");
    this.addSql("create unique index `users_email_unique` on `users` (`email`);");

    this.addSql(
      "create table `sessions` (`id` text not null, `user_id` integer not null, `created_at` datetime not null, `last_seen_at` datetime not null, `expires_at` datetime null, `revoked_at` datetime null, `client_ip` text null, `user_agent` text null, constraint `sessions_user_id_foreign` foreign key(`user_id`) references `users`(`id`) on delete cascade on update cascade, primary key (`id`));",
    );
    this.addSql("create index `sessions_user_id_index` on `sessions` (`user_id`);");

    this.addSql(
      "create table `api_keys` (`id` integer not null primary key autoincrement, `name` text not null, `role` text check (`role` in ('Admin', 'ReadOnly', 'Agent')) not null, `secret_digest` text not null, `expires_at` datetime null, `last_seen_at` datetime null, `created_at` datetime not null);",
    );
    this.addSql("create unique index `api_keys_name_unique` on `api_keys` (`name`);");

    this.addSql(
      "create table `login_throttles` (`key` text not null, `account` text null, `failures` integer not null default 0, `window_started_at` datetime not null, `blocked_until` datetime null, `updated_at` datetime not null, primary key (`key`));",
    );
    this.addSql("create index `login_throttles_account_index` on `login_throttles` (`account`);");
    this.addSql(
      "create index `login_throttles_updated_at_index` on `login_throttles` (`updated_at`);",
    );

    this.addSql(
      "create table `audit_events` (`id` integer not null primary key autoincrement, `at` datetime not null, `actor` text not null, `action` text not null, `target` text null, `client_ip` text null, `outcome` text check (`outcome` in ('success', 'failure', 'denied')) not null, `detail` text null);",
    );
    this.addSql("create index `audit_events_at_index` on `audit_events` (`at`);");
    this.addSql("create index `audit_events_action_index` on `audit_events` (`action`);");

    this.addSql(
      "create table `settings` (`key` text not null, `value` text not null, `created_at` datetime not null, primary key (`key`));",
    );

    // A new session (a sign-in) is one statement on the login path: these triggers make the same
    // statement record the sign-in in the audit trail, touch the user's lastSeenAt and revoke the
    // user's oldest sessions beyond 50 (services/sessions.ts maxSessionsPerUser), atomically.
    this.addSql(
      "create trigger `sessions_record_sign_in` after insert on `sessions` begin insert into `audit_events` (`at`, `actor`, `action`, `target`, `client_ip`, `outcome`, `detail`) select new.`created_at`, u.`name`, 'login.success', u.`name`, new.`client_ip`, 'success', null from `users` u where u.`id` = new.`user_id`; update `users` set `last_seen_at` = new.`created_at` where `id` = new.`user_id`; update `sessions` set `revoked_at` = new.`created_at` where `id` in (select `id` from `sessions` where `user_id` = new.`user_id` and `revoked_at` is null order by `last_seen_at` desc, `created_at` desc limit -1 offset 50); end;",
    );

    // Nobody may remove, disable or demote the last enabled Admin. Enforced by the database so
    // that it holds for every writer (server, CLI) and under concurrent changes, which SQLite
    // serialises: the second of two racing demotions sees the first and aborts.
    this.addSql(
      "create trigger `users_keep_an_enabled_admin_on_update` after update of `role`, `is_disabled` on `users` when old.`role` = 'Admin' and old.`is_disabled` = 0 and (new.`role` <> 'Admin' or new.`is_disabled` <> 0) and not exists (select 1 from `users` where `role` = 'Admin' and `is_disabled` = 0) begin select raise(abort, 'last enabled admin'); end;",
    );
    this.addSql(
      "create trigger `users_keep_an_enabled_admin_on_delete` after delete on `users` when old.`role` = 'Admin' and old.`is_disabled` = 0 and not exists (select 1 from `users` where `role` = 'Admin' and `is_disabled` = 0) begin select raise(abort, 'last enabled admin'); end;",
    );
  }
}

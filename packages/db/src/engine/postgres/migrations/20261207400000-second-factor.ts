import { Migration } from "@mikro-orm/migrations";

/** Second factors (issue "TOTP"): each user's authenticator app, recovery codes and sign-ins waiting for either. */
export class PostgresSecondFactor extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "totp_factors" ("user_id" int not null, "secret" varchar(64) not null, "confirmed_at" timestamptz null, "last_step" int null, "created_at" timestamptz not null, constraint "totp_factors_pkey" primary key ("user_id"));',
    );
    this.addSql(
      'create table "recovery_codes" ("id" serial primary key, "user_id" int not null, "digest" varchar(64) not null, "used_at" timestamptz null);',
    );
    this.addSql('create index "recovery_codes_user_id_index" on "recovery_codes" ("user_id");');
    this.addSql(
      'alter table "recovery_codes" add constraint "recovery_codes_digest_unique" unique ("digest");',
    );
    this.addSql(
      'create table "login_challenges" ("id" varchar(64) not null, "user_id" int not null, "password_changed_at" timestamptz not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, constraint "login_challenges_pkey" primary key ("id"));',
    );
    this.addSql('create index "login_challenges_user_id_index" on "login_challenges" ("user_id");');
    for (const table of ["totp_factors", "recovery_codes", "login_challenges"])
      this.addSql(
        `alter table "${table}" add constraint "${table}_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
      );
  }
}

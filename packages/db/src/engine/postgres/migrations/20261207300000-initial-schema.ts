import { Migration } from "@mikro-orm/migrations";

/**
 * Today's schema in one step: no PostgreSQL database predates it. Rules live in the services
 * (no trigger); the schema holds what a schema should: keys, uniqueness, checks, cascades.
 */
export class PostgresInitialSchema extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "audit_events" ("id" serial primary key, "at" timestamptz not null, "actor" varchar(300) not null, "action" varchar(64) not null, "target" varchar(300) null, "client_ip" varchar(64) null, "outcome" text check ("outcome" in (\'success\', \'failure\', \'denied\')) not null, "detail" varchar(500) null);',
    );
    this.addSql('create index "audit_events_at_index" on "audit_events" ("at");');
    this.addSql('create index "audit_events_action_index" on "audit_events" ("action");');
    this.addSql(
      'create table "login_throttles" ("key" varchar(600) not null, "account" varchar(255) null, "failures" int not null default 0, "window_started_at" timestamptz not null, "blocked_until" timestamptz null, "updated_at" timestamptz not null, constraint "login_throttles_pkey" primary key ("key"));',
    );
    this.addSql('create index "login_throttles_account_index" on "login_throttles" ("account");');
    this.addSql(
      'create index "login_throttles_updated_at_index" on "login_throttles" ("updated_at");',
    );
    this.addSql(
      'create table "settings" ("key" varchar(100) not null, "value" text not null, "created_at" timestamptz not null, constraint "settings_pkey" primary key ("key"));',
    );
    this.addSql(
      'create table "users" ("id" serial primary key, "name" varchar(255) not null, "email" varchar(255) null, "full_name" varchar(255) null, "password_hash" text not null, "role" text check ("role" in (\'Admin\', \'ReadOnly\', \'Agent\')) not null, "is_disabled" boolean not null default false, "is_external" boolean not null default false, "must_change_password" boolean not null default false, "password_changed_at" timestamptz not null, "last_seen_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name_skeleton" text not null default \'\', "name_folded_skeleton" text not null default \'\', "email_folded" text null);',
    );
    this.addSql('alter table "users" add constraint "users_name_unique" unique ("name");');
    this.addSql('alter table "users" add constraint "users_email_unique" unique ("email");');
    this.addSql('create index "users_name_skeleton_index" on "users" ("name_skeleton");');
    this.addSql(
      'create index "users_name_folded_skeleton_index" on "users" ("name_folded_skeleton");',
    );
    this.addSql('create index "users_email_folded_index" on "users" ("email_folded");');
    this.addSql(
      'create table "sessions" ("id" varchar(64) not null, "user_id" int not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz null, "revoked_at" timestamptz null, "client_ip" varchar(64) null, "user_agent" varchar(512) null, constraint "sessions_pkey" primary key ("id"));',
    );
    this.addSql('create index "sessions_user_id_index" on "sessions" ("user_id");');
    this.addSql(
      'create index "sessions_active_index" on "sessions" ("user_id", "last_seen_at" desc, "created_at" desc) where "revoked_at" is null;',
    );
    this.addSql(
      'create table "api_keys" ("id" serial primary key, "name" varchar(255) not null, "role" text check ("role" in (\'Admin\', \'ReadOnly\', \'Agent\')) not null, "secret_digest" varchar(64) not null, "expires_at" timestamptz null, "last_seen_at" timestamptz null, "created_at" timestamptz not null, "created_by" varchar(300) not null default \'(unknown)\', "owner_user_id" int null, "parent_key_id" int null);',
    );
    this.addSql('alter table "api_keys" add constraint "api_keys_name_unique" unique ("name");');
    this.addSql('create index "api_keys_owner_user_id_index" on "api_keys" ("owner_user_id");');
    this.addSql('create index "api_keys_parent_key_id_index" on "api_keys" ("parent_key_id");');
    this.addSql(
      'alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "api_keys" add constraint "api_keys_owner_user_id_foreign" foreign key ("owner_user_id") references "users" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "api_keys" add constraint "api_keys_parent_key_id_foreign" foreign key ("parent_key_id") references "api_keys" ("id") on update cascade on delete cascade;',
    );
  }
}

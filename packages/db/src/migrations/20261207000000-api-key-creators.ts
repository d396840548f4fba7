import { Migration } from "@mikro-orm/migrations";

const columns = "`id`, `name`, `role`, `secret_digest`, `expires_at`, `last_seen_at`, `created_at`";

/**
 * Who made each API key: `created_by` as shown (a user's name, `api-key:<name>`, `cli`), the
 * person at the root of its line (`owner_user_id`) and the key that made it (`parent_key_id`),
 * each deleting the key with it (foreign key cascade). SQLite adds no foreign key to a table in
 * place, so the table is rebuilt, its rows kept; keys made before this are shown as `(unknown)`
 * and answer to nobody. The SQL is spelled out rather than taken from the entity: a released
 * migration never changes.
 */
export class ApiKeyCreators extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table `api_keys` rename to `api_keys_before_creators`;");
    this.addSql(
      "create table `api_keys` (`id` integer not null primary key autoincrement, `name` text not null, `role` text check (`role` in ('Admin', 'ReadOnly', 'Agent')) not null, `secret_digest` text not null, `expires_at` datetime null, `last_seen_at` datetime null, `created_at` datetime not null, `created_by` text not null default '(unknown)', `owner_user_id` integer null, `parent_key_id` integer null, constraint `api_keys_owner_user_id_foreign` foreign key(`owner_user_id`) references `users`(`id`) on delete cascade on update cascade, constraint `api_keys_parent_key_id_foreign` foreign key(`parent_key_id`) references `api_keys`(`id`) on delete cascade on update cascade);",
    );
    this.addSql(
      `insert into \`api_keys\` (${columns}) select ${columns} from \`api_keys_before_creators\`;`,
    );
    this.addSql("drop table `api_keys_before_creators`;");
    this.addSql("create unique index `api_keys_name_unique` on `api_keys` (`name`);");
    this.addSql("create index `api_keys_owner_user_id_index` on `api_keys` (`owner_user_id`);");
    this.addSql("create index `api_keys_parent_key_id_index` on `api_keys` (`parent_key_id`);");
  }
}

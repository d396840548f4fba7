import { Migration } from "@mikro-orm/migrations";
import { emailLook, nameLook } from "@pyroscope-auth/auth-core";

/**
 * What a new name or email is compared with (DESIGN.md rule 11): each name's confusable
 * skeletons, as written and case-folded, and each email case-folded, indexed but not unique
 * (accounts from before keep names that may look alike). The values come from auth-core's rule
 * (nameLook, emailLook), computed here for the users already on file.
 */
export class UserNameLooks extends Migration {
  override async up(): Promise<void> {
    await this.execute("alter table `users` add column `name_skeleton` text not null default ''");
    await this.execute(
      "alter table `users` add column `name_folded_skeleton` text not null default ''",
    );
    await this.execute("alter table `users` add column `email_folded` text null");
    const users = (await this.execute("select `id`, `name`, `email` from `users`")) as {
      id: number;
      name: string;
      email: string | null;
    }[];
    for (const { id, name, email } of users) {
      const look = nameLook(name);
      await this.execute(
        "update `users` set `name_skeleton` = ?, `name_folded_skeleton` = ?, `email_folded` = ? where `id` = ?",
        [look.skeleton, look.foldedSkeleton, email === null ? null : emailLook(email), id],
      );
    }
    await this.execute("create index `users_name_skeleton_index` on `users` (`name_skeleton`)");
    await this.execute(
      "create index `users_name_folded_skeleton_index` on `users` (`name_folded_skeleton`)",
    );
    await this.execute("create index `users_email_folded_index` on `users` (`email_folded`)");
  }
}

import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { User } from "./user.entity.js";

/** A user's authenticator app (RFC 6238): at most one, asked for at sign-in once confirmed. */
export const TotpFactor = defineEntity({
  name: "TotpFactor",
  tableName: "totp_factors",
  properties: {
    user: () => p.oneToOne(User).primary().deleteRule("cascade"),
    /** The shared secret, base32; never leaves the server after enrolment shows it. */
    secret: p.string().length(64).hidden(),
    /** When the first code confirmed the app; until then sign-in does not ask for one. */
    confirmedAt: p.datetime().nullable(),
    /** The step of the last code accepted: neither it nor an older one works again. */
    lastStep: p.integer().nullable(),
    createdAt: p.datetime(),
  },
});

export type TotpFactor = InferEntity<typeof TotpFactor>;

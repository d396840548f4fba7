import { randomBytes } from "node:crypto";
import { type EntityManager, UniqueConstraintViolationException } from "@mikro-orm/core";
import { Setting } from "../entities/setting.entity.js";
import type { ServiceDeps } from "../service-deps.js";

const settingKey = "jwt-secret";

/**
 * The HMAC key for session JWTs: `auth.jwt-secret` when set (its UTF-8 bytes), otherwise 32
 * random bytes generated on first use and kept in the database, so that sessions survive
 * restarts and every process on this database agrees on it.
 */
export async function loadJwtSecret(em: EntityManager, deps: ServiceDeps): Promise<Uint8Array> {
  const configured = deps.config["auth.jwt-secret"];
  if (configured) return new TextEncoder().encode(configured);
  const stored = await em.findOne(Setting, { key: settingKey });
  if (stored) return Buffer.from(stored.value, "base64");
  // Two processes starting together may both generate one; the insert that loses is ignored
  // and both read back the winner.
  try {
    await em.insert(Setting, {
      key: settingKey,
      value: randomBytes(32).toString("base64"),
      createdAt: deps.now(),
    });
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
  }
  const winner = await em.fork().findOneOrFail(Setting, { key: settingKey });
  return Buffer.from(winner.value, "base64");
}

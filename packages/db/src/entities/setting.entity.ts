import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/** Server-owned values that must survive restarts, e.g. the generated JWT secret. */
export const Setting = defineEntity({
  name: "Setting",
  tableName: "settings",
  properties: {
    key: p.string().length(100).primary(),
    value: p.text(),
    createdAt: p.datetime(),
  },
});

export type Setting = InferEntity<typeof Setting>;

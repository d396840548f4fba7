// The package's public entry (types only): the contract the web client is typed against.
export type { AppRouter } from "./routers/app-router.js";

import type { TestProject } from "vitest/node";
import { launchBrowserServer } from "./browser.js";

declare module "vitest" {
  export interface ProvidedContext {
    browserEndpoint: string;
  }
}

/**
 * One Chromium for the whole run: every test file connects to it and works in contexts of its
 * own (separate cookies and storage), instead of paying for a browser start per file.
 */
export default async function setup(project: TestProject) {
  const server = await launchBrowserServer();
  project.provide("browserEndpoint", server.wsEndpoint());
  return async () => {
    await server.close();
  };
}

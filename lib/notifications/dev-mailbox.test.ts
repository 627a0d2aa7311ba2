import { afterEach, describe, expect, it } from "vitest";
import { appUrlIsLoopback, processEnvSnapshot, setProcessEnv } from "@/lib/env";
import { devToolsAccess, devToolsEnabled } from "./dev-mailbox";

const env = processEnvSnapshot();
const saved = { NODE_ENV: env.NODE_ENV, APP_URL: env.APP_URL, TABLEKEEP_DEV_TOOLS: env.TABLEKEEP_DEV_TOOLS, PORT: env.PORT };
afterEach(() => setProcessEnv(saved));

describe("development tools (/dev/mailbox)", () => {
  it("exist only for a server on this machine: the flag cannot publish them on a public APP_URL", () => {
    for (const url of ["https://tablekeep.example", "http://10.0.0.5:3000", "http://[::2]:3000", "http://localhost.evil.example", "http://127.0.0.1.nip.io"]) {
      setProcessEnv({ NODE_ENV: "production", TABLEKEEP_DEV_TOOLS: "1", APP_URL: url });
      expect(devToolsEnabled(), url).toBe(false);
      expect(devToolsAccess(true), url).toBe("not_found");
      setProcessEnv({ NODE_ENV: "development", TABLEKEEP_DEV_TOOLS: undefined, APP_URL: url });
      expect(devToolsAccess(true), url).toBe("not_found");
    }
  });

  it("are off in production without the flag, even on this machine", () => {
    setProcessEnv({ NODE_ENV: "production", TABLEKEEP_DEV_TOOLS: undefined, APP_URL: "http://127.0.0.1:3100" });
    expect(devToolsAccess(true)).toBe("not_found");
  });

  it("on a loopback APP_URL (or none), ask for sign-in first and then allow", () => {
    for (const url of ["http://localhost:3000", "http://127.0.0.1:3100", "http://[::1]:3000", "http://app.localhost:3000", undefined]) {
      setProcessEnv({ NODE_ENV: "production", TABLEKEEP_DEV_TOOLS: "1", APP_URL: url });
      expect(appUrlIsLoopback(), String(url)).toBe(true);
      expect(devToolsAccess(false), String(url)).toBe("sign_in");
      expect(devToolsAccess(true), String(url)).toBe("allowed");
    }
    setProcessEnv({ NODE_ENV: "development", TABLEKEEP_DEV_TOOLS: undefined, APP_URL: undefined });
    expect(devToolsAccess(false)).toBe("sign_in");
    expect(devToolsAccess(true)).toBe("allowed");
  });
});

import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "~/modules/api/limits";
import { MAX_CREDENTIAL_BYTES } from "~/modules/certificates/credential-check";
import { MAX_INVITE_UPLOAD_BYTES } from "~/modules/organizations/limits";
import { bodyClassFor, FORM_BODY_LIMIT } from "./body-limits";

describe("request body limits by route class", () => {
  it("gives the API its own 16 KB, answered as API errors", () => {
    for (const path of [
      "/api/v1/webhooks",
      "/api/v1/webhooks/abc",
      "/api/v1/completions",
      "/api/v1",
      "/api/v1/",
      "/API/V1/webhooks",
      "/api/v1/nothing-here",
    ]) {
      expect(bodyClassFor(path), path).toEqual({ name: "api", limit: MAX_BODY_BYTES, answer: "api" });
    }
    expect(MAX_BODY_BYTES).toBe(16 * 1024);
  });

  it("lets the invite pages take a CSV of up to MAX_INVITE_UPLOAD_BYTES plus the form around it", () => {
    for (const path of [
      "/team/org1/invite",
      "/team/org1/invite/",
      "/team/org1/invite.data",
      "/Team/Org1/Invite",
      "/admin/organizations/org1",
      "/admin/organizations/org1.data",
      "/admin/organizations/org1/",
    ]) {
      const cls = bodyClassFor(path);
      expect(cls.name, path).toBe("inviteUpload");
      expect(cls.limit).toBeGreaterThan(MAX_INVITE_UPLOAD_BYTES);
      expect(cls.limit).toBeLessThanOrEqual(MAX_INVITE_UPLOAD_BYTES + 16 * 1024);
      expect(cls.answer).toBe("page");
    }
  });

  it("lets the credential check take two fields of MAX_CREDENTIAL_BYTES plus framing", () => {
    for (const path of ["/verify/credential", "/verify/credential.data", "/verify/credential/"]) {
      expect(bodyClassFor(path), path).toEqual({
        name: "credentialUpload",
        limit: 2 * MAX_CREDENTIAL_BYTES + 16 * 1024,
        answer: "page",
      });
    }
  });

  it("gives every other route (forms) 64 KB", () => {
    for (const path of [
      "/login",
      "/login.data",
      "/",
      "/_root.data",
      "/profile",
      "/set-language",
      "/quiz/abc",
      "/team/org1/invite/extra",
      "/team/org1/people",
      "/team//invite",
      "/admin/organizations/new",
      "/admin/organizations/new.data",
      "/admin/organizations/org1/edit",
      "/admin/organizations",
      "/verify/credentials",
      "/verify/credential/x",
      "/apiv1/webhooks",
      "/x/api/v1/webhooks",
    ]) {
      expect(bodyClassFor(path), path).toEqual({ name: "form", limit: FORM_BODY_LIMIT, answer: "page" });
    }
    expect(FORM_BODY_LIMIT).toBe(64 * 1024);
  });
});

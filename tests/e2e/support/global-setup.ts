// Starts the in-process SMTP server that receives every mail the app sends during e2e runs
// (real SMTP over TCP); received mails are appended to a file the fixtures read.
import { appendFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { e2eSettings } from "./settings";

export default async function globalSetup() {
  const settings = e2eSettings();
  mkdirSync(dirname(settings.mailFile), { recursive: true });
  rmSync(settings.mailFile, { force: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          appendFileSync(
            settings.mailFile,
            `${JSON.stringify({ to, subject: mail.subject ?? "", text: mail.text ?? "", html: typeof mail.html === "string" ? mail.html : "", receivedAt: new Date().toISOString() })}\n`,
          );
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.smtpPort, "127.0.0.1", () => resolve());
  });
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

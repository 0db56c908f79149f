// An SMTP server for integration tests (real SMTP over TCP on 127.0.0.1, like the e2e suite's):
// records every accepted mail, and can refuse recipients with a given reply or answer slowly.
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type SinkMail = { to: string[]; subject: string; text: string; html: string; at: number };

export type SmtpSink = {
  url: string;
  received: SinkMail[];
  /** When set, every RCPT TO is refused with this reply (e.g. 451 for a temporary failure). */
  reject: { code: number; message: string } | null;
  /** Delay before accepting a message's data, so parallel workers overlap. */
  delayMs: number;
  close: () => Promise<void>;
};

export async function startSmtpSink(): Promise<SmtpSink> {
  const sink: SmtpSink = { url: "", received: [], reject: null, delayMs: 0, close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!sink.reject) return callback();
      callback(Object.assign(new Error(sink.reject.message), { responseCode: sink.reject.code }));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if (sink.delayMs) await new Promise((r) => setTimeout(r, sink.delayMs));
          sink.received.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            at: Date.now(),
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  sink.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

// A webhook receiver for tests: node:http on 127.0.0.1, records every request with its raw body
// and headers, and answers with whatever `respond` decides (status, or a hang for timeouts).
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { path: string; headers: IncomingHttpHeaders; body: string; at: number };
export type Respond = (req: Received, index: number) => number | "hang";

export type Receiver = {
  url: (path?: string) => string;
  received: Received[];
  respond: Respond;
  close: () => Promise<void>;
};

export async function startReceiver(respond: Respond = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const hanging = new Set<() => void>();
  const receiver: Receiver = {
    url: (path = "/hook") => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    received,
    respond,
    close: async () => {
      for (const end of hanging) end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const entry: Received = {
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      };
      received.push(entry);
      const outcome = receiver.respond(entry, received.length - 1);
      if (outcome === "hang") {
        const end = () => res.destroy();
        hanging.add(end);
        return;
      }
      res.writeHead(outcome, { "Content-Type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return receiver;
}

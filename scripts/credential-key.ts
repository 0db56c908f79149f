// Prints a new CREDENTIAL_SIGNING_KEY (the Ed25519 secretKeyMultibase that signs the Open Badges
// credentials) and its public key. Keep the secret in your secret store; never commit it.
//   npx tsx scripts/credential-key.ts
import { randomBytes } from "node:crypto";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { encodeSecretKeyMultibase } from "../app/modules/certificates/signing-key";

const seed = randomBytes(32);
const { publicKeyMultibase } = await Ed25519Multikey.generate({ seed });
process.stdout.write(`CREDENTIAL_SIGNING_KEY=${encodeSecretKeyMultibase(seed)}\n`);
process.stderr.write(`public key (publicKeyMultibase): ${publicKeyMultibase}\n`);

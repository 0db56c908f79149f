// Prints a new CREDENTIAL_SIGNING_KEY (the Ed25519 secretKeyMultibase that signs the Open Badges
// credentials) and its public key. Keep the secret in your secret store; never commit it.
//   npx tsx scripts/credential-key.ts
import { randomBytes } from "node:crypto";
import { encodePublicKeyMultibase, encodeSecretKeyMultibase } from "../app/modules/certificates/signing-key";
import { publicKeyFromSeed } from "../app/modules/certificates/signing-key.server";

const seed = randomBytes(32);
process.stdout.write(`CREDENTIAL_SIGNING_KEY=${encodeSecretKeyMultibase(seed)}\n`);
process.stderr.write(`public key (publicKeyMultibase): ${encodePublicKeyMultibase(publicKeyFromSeed(seed))}\n`);

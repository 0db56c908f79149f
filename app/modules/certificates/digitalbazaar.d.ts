// Types for the parts of Digital Bazaar's Verifiable Credential libraries we use (they ship as
// untyped JavaScript). Only what app/modules/certificates calls is declared.

declare module "@digitalbazaar/credentials-context" {
  export const contexts: Map<string, unknown>;
  export const named: Map<string, { id: string; context: unknown }>;
}

declare module "@digitalbazaar/security-context" {
  const securityContext: { contexts: Map<string, unknown>; SECURITY_CONTEXT_V2_URL: string };
  export default securityContext;
}

declare module "@digitalbazaar/ed25519-multikey" {
  export type Signer = { algorithm: string; id: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> };
  export type Verifier = {
    algorithm: string;
    id: string;
    verify(options: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
  };
  export type Ed25519KeyPair = {
    id: string;
    controller: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    publicKey: Uint8Array;
    secretKey?: Uint8Array;
    signer(): Signer;
    verifier(): Verifier;
    export(options: {
      publicKey?: boolean;
      secretKey?: boolean;
      includeContext?: boolean;
    }): Promise<Record<string, unknown>>;
  };
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519KeyPair>;
  export function from(key: Record<string, unknown>): Promise<Ed25519KeyPair>;
}

declare module "@digitalbazaar/eddsa-rdfc-2022-cryptosuite" {
  export const cryptosuite: {
    name: string;
    requiredAlgorithm: string;
    canonize(input: unknown, options: { documentLoader: (url: string) => Promise<unknown> }): Promise<string>;
    createVerifier(options: { verificationMethod: unknown }): Promise<unknown>;
  };
}

declare module "@digitalbazaar/data-integrity" {
  import type { Signer } from "@digitalbazaar/ed25519-multikey";
  export class DataIntegrityProof {
    constructor(options: {
      signer?: Signer;
      cryptosuite: unknown;
      date?: string | Date | null;
      legacyContext?: boolean;
    });
    verificationMethod?: string;
  }
}

declare module "@digitalbazaar/vc" {
  export type VerifyResult = {
    verified: boolean;
    error?: Error & { errors?: Error[] };
    results?: Array<{ verified: boolean; error?: Error; proof?: unknown }>;
    statusResult?: { verified: boolean; error?: Error; results?: Array<{ verified: boolean; status?: boolean }> };
  };
  export function issue(options: {
    credential: Record<string, unknown>;
    suite: unknown;
    documentLoader: (url: string) => Promise<unknown>;
    now?: string | Date;
  }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: {
    credential: unknown;
    suite: unknown;
    documentLoader: (url: string) => Promise<unknown>;
    checkStatus?: (options: Record<string, unknown>) => Promise<unknown>;
    now?: string | Date;
    /** Seconds of clock difference tolerated on validFrom/validUntil (library default 300). */
    maxClockSkew?: number;
  }): Promise<VerifyResult>;
  export class CredentialIssuancePurpose {
    constructor(options?: Record<string, unknown>);
  }
}

declare module "@digitalbazaar/vc-bitstring-status-list" {
  export class BitstringStatusList {
    constructor(options: { length: number });
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
    length: number;
  }
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  export function createCredential(options: {
    id: string;
    list: BitstringStatusList;
    statusPurpose: string;
    context?: string[];
  }): Promise<Record<string, unknown> & { credentialSubject: Record<string, unknown> }>;
  export function checkStatus(options: {
    credential: unknown;
    documentLoader: (url: string) => Promise<unknown>;
    suite: unknown;
    verifyBitstringStatusListCredential?: boolean;
    verifyMatchingIssuers?: boolean;
  }): Promise<{
    verified: boolean;
    error?: Error;
    results?: Array<{ verified: boolean; status?: boolean; error?: Error }>;
  }>;
}

declare module "jsonld-signatures" {
  const jsigs: {
    sign(
      document: unknown,
      options: Record<string, unknown>,
    ): Promise<Record<string, unknown> & { proof: Record<string, string> }>;
    verify(
      document: unknown,
      options: Record<string, unknown>,
    ): Promise<{ verified: boolean; error?: Error & { errors?: Error[] } }>;
    purposes: { AssertionProofPurpose: new (options?: Record<string, unknown>) => unknown };
  };
  export default jsigs;
}

declare module "base58-universal" {
  export function encode(input: Uint8Array, maxline?: number): string;
  /** undefined when the text has a character outside the base58-btc alphabet (whitespace is skipped). */
  export function decode(input: string): Uint8Array | undefined;
}

// The W3C Verifiable Credentials and Data Integrity libraries (with jsonld, ~0.6 s and ~45 MB to
// load) are loaded on the first credential signed or checked, not at every start: most processes
// serve pages, and the status list they answer from is cached as text.
export async function vcLibraries() {
  const [dataIntegrity, eddsa, vc, statusList] = await Promise.all([
    import("@digitalbazaar/data-integrity"),
    import("@digitalbazaar/eddsa-rdfc-2022-cryptosuite"),
    import("@digitalbazaar/vc"),
    import("@digitalbazaar/vc-bitstring-status-list"),
  ]);
  return { DataIntegrityProof: dataIntegrity.DataIntegrityProof, cryptosuite: eddsa.cryptosuite, vc, statusList };
}

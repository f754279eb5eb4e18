// Packages used by tests and scripts that ship no type declarations.
declare module '@vercel/ncc' {
  const ncc: (
    entry: string,
    options?: Record<string, unknown>,
  ) => Promise<{ code: string; assets: Record<string, { source: string | Buffer }> }>;
  export default ncc;
}
declare module 's3rver';

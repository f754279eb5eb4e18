// Packages used by tests and scripts that ship no type declarations.
declare module 's3rver';

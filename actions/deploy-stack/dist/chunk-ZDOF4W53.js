import{createRequire as __mlopsRequire}from'node:module';const require=__mlopsRequire(import.meta.url);
import{a}from"./chunk-XIXS3QVA.js";import"./chunk-V6I43WG6.js";export default a();

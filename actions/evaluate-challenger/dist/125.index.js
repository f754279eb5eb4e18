export const id = 125;
export const ids = [125];
export const modules = {

/***/ 2125:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readParquetObject: () => (/* binding */ readParquetObject)
/* harmony export */ });
/* harmony import */ var _mlops_actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9179);

/** Parquet objects (not supported yet: a clear error rather than a misread). */
async function* readParquetObject(object, _requested, _options) {
    yield* [];
    throw new _mlops_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${object.name}: Parquet input is not supported in this version.`, {
        hint: 'Convert it to CSV or JSON Lines (optionally gzip).',
    });
}


/***/ })

};

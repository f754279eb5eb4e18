export const id = 228;
export const ids = [228];
export const modules = {

/***/ 9228:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   lazyAwsClients: () => (/* reexport safe */ _clients_js__WEBPACK_IMPORTED_MODULE_0__.AT)
/* harmony export */ });
/* harmony import */ var _clients_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7392);
















/***/ })

};

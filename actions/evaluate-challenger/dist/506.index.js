export const id = 506;
export const ids = [506,125];
export const modules = {

/***/ 2125:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   asyncBuffer: () => (/* binding */ asyncBuffer),
/* harmony export */   readParquetObject: () => (/* binding */ readParquetObject)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9232);
/* harmony import */ var _mlops_actions_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9179);
/* harmony import */ var hyparquet__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8061);
/* harmony import */ var hyparquet__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(2497);
/* harmony import */ var hyparquet_compressors__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4762);
/* harmony import */ var _columns_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5854);
/* harmony import */ var _emit_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(3046);
/* harmony import */ var _select_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3029);
/* harmony import */ var _sources_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7051);










/** Timestamps and dates become epoch milliseconds, the data layer's timestamp unit. */
const parsers = {
    timestampFromMilliseconds: (v) => Number(v),
    timestampFromMicroseconds: (v) => Number(v) / 1e3,
    timestampFromNanoseconds: (v) => Number(v) / 1e6,
    dateFromDays: (days) => days * 86_400_000,
};
/** Random access to a local file or an S3 object (ranged GETs), as the Parquet reader needs. */
async function asyncBuffer(object, s3) {
    const gzipped = object.name.endsWith('.gz');
    if (gzipped) {
        // A gzip-wrapped Parquet file has no random access: inflate it whole (Parquet compresses inside; this is rare).
        const chunks = [];
        for await (const chunk of await (0,_sources_js__WEBPACK_IMPORTED_MODULE_3__/* .openSource */ .oD)(object, s3))
            chunks.push(chunk);
        const bytes = (0,node_zlib__WEBPACK_IMPORTED_MODULE_1__.gunzipSync)(Buffer.concat(chunks));
        const whole = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        return {
            file: { byteLength: whole.byteLength, slice: (s, e) => whole.slice(s, e) },
            close: async () => { },
        };
    }
    if (object.kind === 'file') {
        const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(object.path, 'r');
        const { size } = await handle.stat();
        return {
            file: {
                byteLength: size,
                async slice(start, end = size) {
                    const buffer = Buffer.alloc(end - start);
                    let read = 0;
                    while (read < buffer.length) {
                        const { bytesRead } = await handle.read(buffer, read, buffer.length - read, start + read);
                        if (bytesRead === 0)
                            break;
                        read += bytesRead;
                    }
                    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + read);
                },
            },
            close: () => handle.close(),
        };
    }
    const head = await s3.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.HeadObjectCommand({ Bucket: object.bucket, Key: object.key }));
    const size = head.ContentLength ?? 0;
    return {
        file: {
            byteLength: size,
            async slice(start, end = size) {
                const response = await s3.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__.GetObjectCommand({
                    Bucket: object.bucket,
                    Key: object.key,
                    Range: `bytes=${start}-${end - 1}`,
                    IfMatch: head.ETag,
                }));
                const bytes = await response.Body.transformToByteArray();
                return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
            },
        },
        close: async () => { },
    };
}
function isTyped(data) {
    return ArrayBuffer.isView(data);
}
/** One column of rows [from, to) of a decoded chunk, parsed as requested. */
function buildColumn(name, request, chunk, from, to, source, timestamp) {
    const data = chunk.columnData;
    const offset = from - chunk.rowStart;
    const length = to - from;
    if (isTyped(data) &&
        !(data instanceof BigInt64Array) &&
        !(data instanceof BigUint64Array) &&
        (request.type === 'number' || request.type === 'auto')) {
        const values = new Float64Array(length);
        for (let i = 0; i < length; i++)
            values[i] = data[offset + i];
        if (!request.allowNonFinite) {
            for (let i = 0; i < length; i++)
                if (!Number.isFinite(values[i]))
                    throw new _mlops_actions_core__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`${source}, row ${from + i + 1}, column "${name}": ${values[i]} is not a finite number.`, { hint: 'Remove or fix the row (NaN and infinities cannot be scored).' });
        }
        return { kind: 'number', values };
    }
    const builder = new _columns_js__WEBPACK_IMPORTED_MODULE_6__/* .ColumnBuilder */ .Q(name, request.type, length, request.allowNonFinite);
    for (let i = 0; i < length; i++) {
        let cell = data[offset + i];
        // INT64 ids beyond 2^53 would round as doubles (two ids joining as one): a text column keeps every digit.
        if (typeof cell === 'bigint')
            cell = request.type === 'string' ? cell.toString() : Number(cell);
        else if (cell instanceof Date)
            cell = cell.getTime();
        else if (cell instanceof Uint8Array)
            cell = Buffer.from(cell).toString('utf8');
        else if (cell !== null && typeof cell === 'object')
            cell = JSON.stringify(cell);
        if (request.type === 'string' && typeof cell === 'number' && timestamp)
            cell = new Date(cell).toISOString();
        builder.push(cell, source, from + i + 1);
    }
    return builder.build();
}
/** Parquet objects, one row group at a time (bounded memory), as columnar batches. Record numbers are 1-based rows. */
async function* readParquetObject(object, requested, options) {
    const { file, close } = await asyncBuffer(object, options.s3);
    try {
        let metadata;
        try {
            metadata = await (0,hyparquet__WEBPACK_IMPORTED_MODULE_7__/* .parquetMetadataAsync */ .Ei)(file, { parsers });
        }
        catch (error) {
            throw new _mlops_actions_core__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`${object.name} is not a readable Parquet file (${error.message}).`, {
                hint: 'Check that the object is a complete Parquet file, or name CSV / JSON Lines files by their extension.',
            });
        }
        const schema = (0,hyparquet__WEBPACK_IMPORTED_MODULE_7__/* .parquetSchema */ .YR)(metadata);
        const available = schema.children.map((c) => c.element.name);
        const timestampNames = new Set(schema.children
            .filter((c) => c.element.logical_type?.type === 'TIMESTAMP' ||
            c.element.logical_type?.type === 'DATE' ||
            c.element.converted_type === 'TIMESTAMP_MILLIS' ||
            c.element.converted_type === 'TIMESTAMP_MICROS' ||
            c.element.converted_type === 'DATE')
            .map((c) => c.element.name));
        const picks = (0,_select_js__WEBPACK_IMPORTED_MODULE_8__/* .pickColumns */ .dP)(requested, available, object, options.inputName);
        const batchSize = options.batchSize ?? _emit_js__WEBPACK_IMPORTED_MODULE_9__/* .DEFAULT_BATCH */ .J;
        let groupStart = 0;
        for (const group of metadata.row_groups) {
            const groupRows = Number(group.num_rows);
            const groupEnd = groupStart + groupRows;
            const chunks = new Map();
            if (picks.length > 0) {
                await (0,hyparquet__WEBPACK_IMPORTED_MODULE_10__/* .parquetRead */ .bA)({
                    file,
                    metadata,
                    columns: picks.map((p) => p.name),
                    rowStart: groupStart,
                    rowEnd: groupEnd,
                    compressors: hyparquet_compressors__WEBPACK_IMPORTED_MODULE_2__/* .compressors */ .Vm,
                    parsers,
                    onChunk(chunk) {
                        const list = chunks.get(chunk.columnName) ?? [];
                        list.push(chunk);
                        chunks.set(chunk.columnName, list);
                    },
                });
            }
            // A column of a row group can arrive in several chunks (one per page or batch): join them.
            for (const [name, list] of chunks)
                if (list.length > 1)
                    chunks.set(name, [joinChunks(list)]);
            for (let from = groupStart; from < groupEnd; from += batchSize) {
                const to = Math.min(groupEnd, from + batchSize);
                const columns = new Map();
                for (const { name, request } of picks) {
                    const chunk = (chunks.get(name) ?? []).find((c) => c.rowStart <= from && c.rowEnd >= to);
                    if (!chunk)
                        throw new Error(`Parquet reader returned no data for column ${name} rows ${from}-${to}`);
                    columns.set(name, buildColumn(name, request, chunk, from, to, object.name, timestampNames.has(name)));
                }
                yield { length: to - from, columns, source: object.name, firstRecord: from + 1 };
            }
            groupStart = groupEnd;
        }
    }
    finally {
        await close();
    }
}
/** One chunk from consecutive chunks of a column (typed arrays joined as typed arrays). */
function joinChunks(list) {
    const sorted = [...list].sort((a, b) => a.rowStart - b.rowStart);
    const parts = sorted.map((c) => c.columnData);
    const total = parts.reduce((n, p) => n + p.length, 0);
    const first = parts[0];
    let data;
    if (ArrayBuffer.isView(first) && parts.every((p) => p.constructor === first.constructor)) {
        const Ctor = first.constructor;
        const out = new Ctor(total);
        let offset = 0;
        for (const p of parts) {
            out.set(p, offset);
            offset += p.length;
        }
        data = out;
    }
    else {
        const out = new Array(total);
        let offset = 0;
        for (const p of parts)
            for (let i = 0; i < p.length; i++)
                out[offset++] = p[i];
        data = out;
    }
    return {
        columnName: sorted[0].columnName,
        columnData: data,
        rowStart: sorted[0].rowStart,
        rowEnd: sorted.at(-1).rowEnd,
    };
}


/***/ })

};

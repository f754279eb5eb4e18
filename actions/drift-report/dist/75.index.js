export const id = 75;
export const ids = [75];
export const modules = {

/***/ 5075:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   deltaColumns: () => (/* binding */ deltaColumns),
/* harmony export */   readDeltaTable: () => (/* binding */ readDeltaTable)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4379);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _mlops_actions_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9179);
/* harmony import */ var hyparquet__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8061);
/* harmony import */ var hyparquet__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2497);
/* harmony import */ var hyparquet_compressors__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4762);
/* harmony import */ var _columns_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(5854);
/* harmony import */ var _delta_log_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7752);
/* harmony import */ var _select_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3029);
/* harmony import */ var _sources_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7051);









/** Reader features whose tables this reader reads correctly (deletion vectors only while no live file has one). */
const SUPPORTED_FEATURES = new Set([
    'timestampNtz',
    'deletionVectors',
    'vacuumProtocolCheck',
    'typeWidening',
]);
function toMap(value) {
    const out = new Map();
    if (value && typeof value === 'object')
        for (const [k, v] of Object.entries(value))
            out.set(k, v === null || v === undefined ? null : String(v));
    return out;
}
/** Apply one action (a line of a commit, or a row of a checkpoint) to the snapshot being built. */
function apply(state, action, where) {
    if (action.add) {
        const add = action.add;
        state.files.set(add.path, {
            path: add.path,
            partitionValues: toMap(add.partitionValues),
            deletionVector: add.deletionVector ?? undefined,
        });
    }
    else if (action.remove)
        state.files.delete(action.remove.path);
    else if (action.metaData) {
        const meta = action.metaData;
        let schema;
        try {
            schema = JSON.parse(meta.schemaString);
        }
        catch {
            throw new _mlops_actions_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${where}: the table's schemaString is not JSON.`);
        }
        state.columns = (schema.fields ?? []).map((f) => f.name);
        state.partitionColumns = [...(meta.partitionColumns ?? [])];
        state.configuration = toMap(meta.configuration);
    }
    else if (action.protocol) {
        state.minReaderVersion = Number(action.protocol.minReaderVersion ?? 1);
        state.readerFeatures = [...(action.protocol.readerFeatures ?? [])];
    }
}
async function text(object, s3) {
    const chunks = [];
    for await (const chunk of await (0,_sources_js__WEBPACK_IMPORTED_MODULE_4__/* .openSource */ .oD)(object, s3))
        chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
}
// The Parquet reader is imported where used, so bundles share read.ts's lazily loaded chunk instead of copying it.
async function applyCheckpoint(state, part, s3) {
    const { asyncBuffer } = await Promise.all(/* import() */[__webpack_require__.e(232), __webpack_require__.e(506)]).then(__webpack_require__.bind(__webpack_require__, 2125));
    const { file, close } = await asyncBuffer(part, s3);
    try {
        const metadata = await (0,hyparquet__WEBPACK_IMPORTED_MODULE_5__/* .parquetMetadataAsync */ .Ei)(file);
        const present = new Set((0,hyparquet__WEBPACK_IMPORTED_MODULE_5__/* .parquetSchema */ .YR)(metadata).children.map((c) => c.element.name));
        const columns = ['protocol', 'metaData', 'add', 'remove'].filter((c) => present.has(c));
        const rows = await (0,hyparquet__WEBPACK_IMPORTED_MODULE_6__/* .parquetReadObjects */ .pS)({ file, metadata, columns, compressors: hyparquet_compressors__WEBPACK_IMPORTED_MODULE_2__/* .compressors */ .Vm });
        for (const row of rows)
            apply(state, row, part.name);
    }
    finally {
        await close();
    }
}
/** Replay the log up to `version` (default: latest) into the table's snapshot. */
async function snapshot(log, version, s3) {
    let hint;
    if (log.lastCheckpoint && version === undefined) {
        try {
            hint = Number(JSON.parse(await text(log.lastCheckpoint, s3)).version);
        }
        catch {
            hint = undefined; // a torn or unreadable hint only costs a longer replay
        }
    }
    const plan = (0,_delta_log_js__WEBPACK_IMPORTED_MODULE_7__/* .planReplay */ .rb)(log, version, hint);
    const state = {
        version: plan.version,
        files: new Map(),
        columns: [],
        partitionColumns: [],
        configuration: new Map(),
        readerFeatures: [],
        minReaderVersion: 1,
    };
    for (const part of plan.checkpoint?.parts ?? [])
        await applyCheckpoint(state, part, s3);
    for (const commit of plan.commits) {
        const lines = (await text(commit, s3)).split('\n');
        lines.forEach((line, i) => {
            if (!line.trim())
                return;
            let action;
            try {
                action = JSON.parse(line);
            }
            catch {
                throw new _mlops_actions_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${commit.name}, line ${i + 1}: not a JSON action; the Delta log is damaged.`);
            }
            apply(state, action, `${commit.name}, line ${i + 1}`);
        });
    }
    checkReadable(state, log.root.name);
    return state;
}
function checkReadable(state, name) {
    const table = `${name} (Delta version ${state.version})`;
    if (state.minReaderVersion > 3)
        throw new _mlops_actions_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${table} needs Delta reader version ${state.minReaderVersion}; this reader knows 1 to 3.`);
    const unknown = state.readerFeatures.filter((f) => !SUPPORTED_FEATURES.has(f));
    const mapping = state.configuration.get('delta.columnMapping.mode');
    if (mapping && mapping !== 'none')
        unknown.push(`columnMapping (mode ${mapping})`);
    if (unknown.length > 0)
        throw new _mlops_actions_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${table} uses Delta features this reader does not support: ${unknown.join(', ')}.`, {
            hint: 'Read the table through Athena or Spark, or export it to Parquet files.',
        });
    for (const add of state.files.values())
        if (add.deletionVector)
            throw new _mlops_actions_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${table}: data file ${add.path} has a deletion vector, which this reader cannot apply.`, {
                hint: 'Run OPTIMIZE (or REORG TABLE ... APPLY (PURGE)) on the table to rewrite files without deletion vectors.',
            });
}
/** A data file named by the log: relative to the table root (URL-encoded, per the protocol) or an absolute URI. */
function dataObject(root, path) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
        const s3 = (0,_sources_js__WEBPACK_IMPORTED_MODULE_4__/* .parseS3Uri */ .yc)(path.replace(/^s3a:/i, 's3:'));
        if (s3)
            return { kind: 's3', bucket: s3.bucket, key: decodeURIComponent(s3.key), name: path };
        if (path.startsWith('file:'))
            return { kind: 'file', path: (0,node_url__WEBPACK_IMPORTED_MODULE_1__.fileURLToPath)(path), name: path };
        throw new _mlops_actions_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${root.name}: data file ${path} is on a storage this reader does not know.`);
    }
    const relative = decodeURIComponent(path);
    if (root.kind === 'file')
        return { kind: 'file', path: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(root.path, relative), name: `${root.name}/${relative}` };
    const key = root.key ? `${root.key}/${relative}` : relative;
    return { kind: 's3', bucket: root.bucket, key, name: `s3://${root.bucket}/${key}` };
}
/** Column names of the Delta table (its schema, partition columns included). */
async function deltaColumns(log, version, options) {
    return (await snapshot(log, version, options.s3)).columns;
}
/** Stream the rows of a Delta table version as batches: its live data files in path order, partition values added. */
async function* readDeltaTable(log, version, options) {
    const state = await snapshot(log, version, options.s3);
    const normalized = (0,_select_js__WEBPACK_IMPORTED_MODULE_8__/* .normalizeRequests */ .wO)(options.columns);
    const requested = normalized === '*' ? new Map(state.columns.map((c) => [c, { type: 'auto' }])) : normalized;
    const partitions = new Set(state.partitionColumns);
    // Data columns are optional per file: a column added to the table later is null in older files, as in Delta.
    const dataRequests = new Map();
    for (const [name, request] of requested) {
        if (!state.columns.includes(name)) {
            if (request.optional)
                continue;
            const table = {
                kind: 'file',
                path: '',
                name: `${log.root.name} (Delta version ${state.version})`,
            };
            throw (0,_select_js__WEBPACK_IMPORTED_MODULE_8__/* .missingColumn */ .JA)(name, table, state.columns, options.inputName);
        }
        if (!partitions.has(name))
            dataRequests.set(name, { ...request, optional: true });
    }
    const { readParquetObject } = await Promise.all(/* import() */[__webpack_require__.e(232), __webpack_require__.e(506)]).then(__webpack_require__.bind(__webpack_require__, 2125));
    const paths = [...state.files.keys()].sort();
    for (const path of paths) {
        const add = state.files.get(path);
        const object = dataObject(log.root, path);
        for await (const batch of readParquetObject(object, dataRequests, options)) {
            const columns = new Map();
            for (const [name, request] of requested) {
                if (!state.columns.includes(name))
                    continue;
                const read = batch.columns.get(name);
                if (read)
                    columns.set(name, read);
                else
                    columns.set(name, constantColumn(name, request, partitions.has(name) ? (add.partitionValues.get(name) ?? null) : null, batch));
            }
            yield { ...batch, columns };
        }
    }
}
/** A partition value (or the null of a column the file predates) repeated over a batch, parsed as requested. */
function constantColumn(name, request, value, batch) {
    const builder = new _columns_js__WEBPACK_IMPORTED_MODULE_9__/* .ColumnBuilder */ .Q(name, request.type, batch.length, request.allowNonFinite);
    const source = `${batch.source} (partition column "${name}")`;
    for (let i = 0; i < batch.length; i++)
        builder.push(value, source, batch.firstRecord + i);
    return builder.build();
}


/***/ })

};

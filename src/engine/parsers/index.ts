/** Line parsers: public surface. */
export { createLineParser } from './line-parser.js';
export { MAX_LINE_LENGTH } from './types.js';
export type { LineParser, LineStatus, ParseResult, ParserOptions } from './types.js';

/** The error replies shared by many commands, with Redis's exact texts. */
export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const SYNTAX = 'ERR syntax error';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';
export const NOT_FLOAT = 'ERR value is not a valid float';
export const OVERFLOW = 'ERR increment or decrement would overflow';
export const NO_SUCH_KEY = 'ERR no such key';
export const OUT_OF_RANGE_INDEX = 'ERR index out of range';
export const DB_INDEX = 'ERR DB index is out of range';
export const INVALID_EXPIRE = (cmd: string) => `ERR invalid expire time in '${cmd}' command`;
export const NOT_POSITIVE = (what: string) => `ERR ${what} must be positive`;
export const wrongArgs = (cmd: string) => `ERR wrong number of arguments for '${cmd}' command`;

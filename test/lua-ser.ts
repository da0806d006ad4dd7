// A Lua function `ser(v, d)`, as source text, that tests put in front of their
// snippets: it turns any result into one comparable string. Numbers print with
// %.17g, tables as their sorted entries (so hash order does not matter), and a
// NaN without its sign (see README, Known limits).

export interface SerOptions {
  /** 'raw': length-prefixed bytes; 'hex': every byte as two hex digits. */
  strings: 'raw' | 'hex';
  /** Nesting depth past which a table prints as "T...". */
  maxDepth: number;
  /** Whether cjson.null prints as "null" (only where the cjson library exists). */
  cjsonNull: boolean;
}

export function luaSerializer(o: SerOptions): string {
  const str = o.strings === 'raw'
    ? `'s' .. #v .. ':' .. v`
    : `'s:' .. (string.gsub(v, '.', function(c) return string.format('%02x', string.byte(c)) end))`;
  return `local function ser(v, d)
  local t = type(v)
  if t == 'string' then return ${str}
  elseif t == 'number' then if v ~= v then return 'n:nan' end return 'n:' .. string.format('%.17g', v)
  elseif t == 'table' then
    if d > ${o.maxDepth} then return 'T...' end
    local keys = {}
    for k, x in pairs(v) do keys[#keys+1] = ser(k, d+1) .. '=' .. ser(x, d+1) end
    table.sort(keys)
    return '{' .. table.concat(keys, ',') .. '}'${o.cjsonNull ? `
  elseif v == cjson.null then return 'null'` : ''}
  elseif t == 'boolean' then return tostring(v)
  else return t end
end`;
}

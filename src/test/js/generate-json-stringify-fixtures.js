// Regenerates src/test/resources/kotani/json-stringify-fixtures.json: inputs and what JavaScript's
// JSON.stringify(JSON.parse(input)) makes of them. The hub's Java canonicaliser is tested against this file, so that
// its idea of "exactly as JavaScript" is checked against JavaScript itself. Run: node generate-json-stringify-fixtures.js
// (deterministic: a fixed-seed generator, no Math.random).
'use strict';
const fs = require('fs');
const path = require('path');

let seed = 0x2545f491;
function next() { // xorshift32
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed;
}
function randomDouble() { // any finite double, from its bits
  const buf = new DataView(new ArrayBuffer(8));
  for (;;) {
    buf.setUint32(0, next()); buf.setUint32(4, next());
    const d = buf.getFloat64(0);
    if (Number.isFinite(d)) return d;
  }
}
function digits(n) { let s = ''; for (let i = 0; i < n; i++) s += String(next() % 10); return s; }
function integer(n) { return String(1 + next() % 9) + digits(n - 1); } // no leading zero

const numbers = [
  '0', '-0', '0.0', '-0.0', '1', '-1', '1.0', '100', '1e2', '1E2', '1e+2', '1.5e-7', '1e-7', '0.000001', '0.0000001',
  '1e21', '1e+21', '999999999999999999999', '100000000000000000000', '123456789012345678901234567890',
  '9007199254740991', '9007199254740992', '9007199254740993', '0.1', '0.2', '0.30000000000000004', '0.015', '38.5',
  '450.50', '1.7976931348623157e308', '1.7976931348623159e308', '1e309', '-1e309', '5e-324', '2e-324', '1e-400',
  '4.9406564584124654e-324', '2.2250738585072014e-308', '2.2250738585072011e-308', '2.82879384806159e17',
  '1.0E23', '2e23', '8.41e21', '5.0E-10', '0.00001234', '123.456e-3', '1.23456789012345678901234567890',
  '-1234.5678', '0.1e1', '10e-1', '1e0', '4.35', '2.675', '1.005', '1000000000000000128', '1000000000000000129',
];
for (let i = 0; i < 400; i++) numbers.push(String(randomDouble()));
for (let i = 0; i < 200; i++) numbers.push(randomDouble().toExponential(next() % 20));
for (let i = 0; i < 200; i++) numbers.push(integer(1 + next() % 30));
for (let i = 0; i < 200; i++) numbers.push(integer(1 + next() % 12) + '.' + digits(1 + next() % 12));
for (let i = 0; i < 200; i++) numbers.push('0.' + '0'.repeat(next() % 9) + digits(1 + next() % 18));
for (let i = 0; i < 100; i++) numbers.push(integer(1 + next() % 17) + 'e' + (next() % 2 ? '-' : '+') + (next() % 330));

let controls = '';
for (let c = 0; c < 0x20; c++) controls += String.fromCharCode(c);
const strings = [
  '', controls, '\u007f\u0080\u00a0\u2028\u2029\ufeff\uffff', '\ud800', '\udfff', 'a\ud83d', '\ude00b',
  '\ud83d\ude00', '\udbff\udfff', '"quoted" \\ back /slash/ <html> & \'single\' =',
  'Wanjirũ Ñandú Öztürk 山田 😀', 'tab\tnew\nline\rret\bback\fform',
];

const inputs = [];
for (const n of numbers) inputs.push(`{"n":${n}}`);
for (const s of strings) inputs.push(JSON.stringify({ s }).replace(/[\u007f-\uffff]/g,
  c => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')));
for (const s of strings) inputs.push(`{"s":"${[...s].map(ch => ch.length === 1 && ch.charCodeAt(0) >= 0x20
  && ch !== '"' && ch !== '\\' && !(ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff) ? ch
  : Array.from(ch).map(u => [...Array(u.length).keys()].map(i => '\\u' + u.charCodeAt(i).toString(16)
    .padStart(4, '0').toUpperCase()).join('')).join('')).join('')}"}`);
inputs.push(
  '{"b":1,"10":2,"2":3,"a":4,"01":5,"-1":6,"4294967294":7,"4294967295":8,"1.5":9,"0":10," 3":11}',
  '{"event":"x","data":{"z":{"9":[1,{"8":true,"7":null}],"y":[]},"":{}},"1":"first"}',
  ' { "a" : [ 1 , 2.50 , -3e0 , { } , [ ] , "" , true , false , null ] }\n',
  '{"\\u0000key\\n":"v","key\\u001F":"\\u001f","\\/":"\\/"}',
);

const cases = inputs.map(input => ({ input, output: JSON.stringify(JSON.parse(input)) }));
const out = path.join(__dirname, '..', 'resources', 'kotani', 'json-stringify-fixtures.json');
fs.writeFileSync(out, JSON.stringify({
  generator: 'src/test/js/generate-json-stringify-fixtures.js', node: process.version, cases }, null, 1) + '\n');
console.log(`${cases.length} cases written to ${out}`);

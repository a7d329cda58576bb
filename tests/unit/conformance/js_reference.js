// Writes js_reference.json: what the official JavaScript twitter-text (npm `twitter-text`,
// Apache-2.0, Copyright Twitter) extracts from a fixed corpus of random Tweet-like texts.
// Test data for tests/unit/test_twitter_text.py, which checks Roost's port against it.
//
//   npm install twitter-text@3.1.0 && node js_reference.js > js_reference.json
//
// The corpus is drawn with a seeded generator (mulberry32), so reruns give the same file.
// Indices are converted from JavaScript's UTF-16 offsets to code points, start and end each.
'use strict';
const twttr = require('twitter-text');

const SEED = 20211021;
const COUNT = 1000;
const PIECES = [
  ...'abcXYZ019_-/.:&!%*+~$',
  '#', '\uff03', '@', '\uff20', ' ', '  ', '\n', '\u3000', '\u00a0', 'RT', 'rt', 'Rt:',
  '\u00e9', '\u00ec', '\u00f1', '\u0416', '\u4e2d', '\u65e5\u672c', '\ud55c', '\u0627', '\u0640',
  '\u{1f431}', '\u270c', '\ufe0f', '\ufe0e', '\u20e3', '\u200d', '\u200c', '\u{1f3ff}',
  '\u{1d400}', '\u{1d7ce}', '\u{20021}', '\u{104a0}', '\u00b7', '\u0301',
  'http://', 'https://', 'www.', '.com', '.co', 't.co/', 'example', '.jp', '/path', '?q=1',
  '#frag', '$AB', '$ab.c', '@user', '@user/list', '#tag', '\u202a', '\u2066', '\ufffe',
  '\u13f8', '\u1c90', '\u212a', '\u017f', '\u01c5', '\u2028', '\u0085', '\ufeff', '\u180e',
  '\u0660', 'ab'.repeat(11), 'x'.repeat(21),
];

function mulberry32(a) {
  return function () {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(SEED);
const pick = (n) => Math.floor(random() * n);
const cp = (text, i) => Array.from(text.slice(0, i)).length;
const conv = (text, entities) =>
  entities.map((e) => Object.assign({}, e, { indices: [cp(text, e.indices[0]), cp(text, e.indices[1])] }));

const cases = [];
for (let i = 0; i < COUNT; i++) {
  let text = '';
  const n = 1 + pick(14);
  for (let j = 0; j < n; j++) text += PIECES[pick(PIECES.length)];
  const parsed = twttr.parseTweet(text);
  cases.push({
    text,
    urls: conv(text, twttr.extractUrlsWithIndices(text)),
    hashtags: conv(text, twttr.extractHashtagsWithIndices(text)),
    hashtags_no_url_check: conv(text, twttr.extractHashtagsWithIndices(text, { checkUrlOverlap: false })),
    mentions: conv(text, twttr.extractMentionsWithIndices(text)),
    mentions_or_lists: conv(text, twttr.extractMentionsOrListsWithIndices(text)),
    cashtags: conv(text, twttr.extractCashtagsWithIndices(text)),
    reply: twttr.extractReplies(text),
    entities: conv(text, twttr.extractEntitiesWithIndices(text)),
    length: { weightedLength: parsed.weightedLength, valid: parsed.valid, permillage: parsed.permillage },
  });
}
const version = require('twitter-text/package.json').version;
process.stdout.write('{"twitter_text_version": "' + version + '", "seed": ' + SEED + ', "cases": [\n');
process.stdout.write(cases.map((c) => JSON.stringify(c)).join(',\n'));
process.stdout.write('\n]}\n');

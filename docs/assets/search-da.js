/* Praksisatlas: Danish query normaliser, shared by the site search (search-worker.js) and the
 * explorer's free-text box (explorer.js), so both match words the same way.
 *
 * Why: practitioners type inflected words (borgere, fællesskaber, mentorer), compounds, ASCII
 * spellings (Naestved, oensker), abbreviations (MI, IPS, § 85) and typos. Material's lunr search
 * matches prefixes only and its Danish stemmer breaks other words; this small, dependency-free
 * pipeline turns each typed word into a *prefix* that every inflection of the word starts with,
 * corrects typos against the words that really occur on the site, and maps the vocabularies'
 * names, abbreviations and synonyms to one another.
 *
 * Works in a page and in a web worker (it only touches `self`). Public API, on
 * `self.PraksisatlasSearch`:
 *   tokenize(text)            -> ["ord", "§", "85", …]   lower case, Danish collation
 *   fold(word)                -> ASCII form: æ→ae, ø→oe, å→aa, é→e
 *   stem(word)                -> light stem: the word minus one inflectional ending
 *   new Lexicon({word: freq}) -> .resolve(word): {word, prefix, corrected} or null
 *   new Terms(terms)          -> .find(tokens): vocabulary terms named in a query
 *   analyse(query, {lexicon, terms}) -> {words: [...], terms: [{term, covered}, ...]}
 *   prepare(text)             -> the text's words, folded: pass to match() instead of the text
 *                                when the same text is matched again and again (explorer cards)
 *   compile(query, {terms})   -> match(textOrPrepared, keys?) → boolean. The explorer's rule:
 *                                every query word must start a word of the text (after stemming
 *                                and ASCII folding), or name a vocabulary term the case carries
 *                                (keys such as "metode:mi", "lov:sel-85", "maalgruppe:unge";
 *                                terms from search/praksisatlas.json, optional).
 */
(function (root) {
  "use strict";

  const WORD = /[\p{L}\p{N}§]+/gu;

  /** Inflectional endings, longest first. Derivational endings (-hed, -lig) are left alone. */
  const SUFFIXES = [
    "elsernes", "elserne", "elsens", "elsers", "elsen", "elser", "elses", "else",
    "erendes", "erende", "endes", "ende",
    "ernes", "erne", "erens", "erers", "erer", "eren", "eres", "eret", "ers", "er",
    "enes", "ene", "ens", "en", "ets", "et", "es", "ne", "e", "n", "s",
  ];
  /** Words too common to search for on their own (the index would return every page). */
  const STOP = new Set([
    "af", "alle", "at", "blev", "da", "de", "den", "der", "det", "dig", "du", "efter", "eller",
    "en", "er", "et", "for", "fra", "ham", "han", "har", "hun", "hvad", "hvor", "i", "ikke",
    "jeg", "kan", "man", "med", "men", "mig", "og", "om", "op", "os", "over", "på", "sig",
    "som", "til", "ud", "under", "var", "vi", "via", "være",
  ]);
  const MIN_STEM = 3;

  function tokenize(text) {
    return (String(text || "").normalize("NFC").toLocaleLowerCase("da").match(WORD) || []);
  }

  function fold(word) {
    return word
      .replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  /** The word and every shorter form it may have lost an ending from, shortest first. */
  function candidates(word) {
    const out = [word];
    for (const suffix of SUFFIXES) {
      if (word.length - suffix.length >= MIN_STEM && word.endsWith(suffix)) {
        let base = word.slice(0, -suffix.length);
        out.push(base);
        // praktikker → praktik, fællesskabet → fællesskab: undo a doubled final consonant.
        if (/([^aeiouyæøå])\1$/.test(base)) {
          base = base.slice(0, -1);
          out.push(base);
        }
      }
    }
    return [...new Set(out)].sort((a, b) => a.length - b.length);
  }

  /** The light stem used where no lexicon is at hand (the explorer): the shortest candidate. */
  function stem(word) {
    if (/\d|§/.test(word) || word.length <= 4) return word;
    return candidates(word)[0];
  }

  /** Damerau–Levenshtein distance with an early exit above `max`. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    const rows = [];
    for (let i = 0; i <= a.length; i++) {
      rows.push(new Array(b.length + 1).fill(0));
      rows[i][0] = i;
    }
    for (let j = 0; j <= b.length; j++) rows[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
      let best = Infinity;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d = Math.min(d, rows[i - 2][j - 2] + 1);
        }
        rows[i][j] = d;
        if (d < best) best = d;
      }
      if (best > max) return max + 1;
    }
    return rows[a.length][b.length];
  }

  /** How many typing errors a word of this length may carry and still be corrected. */
  function tolerance(word) {
    if (word.length <= 3) return 0;
    if (word.length <= 6) return 1;
    return 2;
  }

  /** The words that occur on the site, with their frequency: the ground truth for typos. */
  class Lexicon {
    constructor(frequencies) {
      this.freq = new Map(Object.entries(frequencies || {}));
      this.words = [...this.freq.keys()].sort();
      this.folded = new Map();
      for (const word of this.words) {
        const key = fold(word);
        const seen = this.folded.get(key);
        if (!seen || this.freq.get(word) > this.freq.get(seen)) this.folded.set(key, word);
      }
      this.cache = new Map();
    }

    has(word) {
      return this.freq.has(word);
    }

    /** Is there a word on the site that starts with `prefix`? (binary search) */
    hasPrefix(prefix) {
      let lo = 0;
      let hi = this.words.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.words[mid] < prefix) lo = mid + 1;
        else hi = mid;
      }
      return lo < this.words.length && this.words[lo].startsWith(prefix);
    }

    /** The most frequent word starting with `prefix` (search suggestions). */
    complete(prefix) {
      let best = "";
      for (const word of this.words) {
        if (word.startsWith(prefix) && word !== prefix) {
          if (!best || this.freq.get(word) > this.freq.get(best)) best = word;
        }
      }
      return best;
    }

    /** The prefix every inflection of `word` on the site starts with, or null. */
    prefixFor(word) {
      const all = candidates(word);
      // The shortest form the site uses, unless it is a rare accident («borg» for «borger»).
      const known = all.filter((c) => this.freq.has(c));
      if (known.length) {
        const most = Math.max(...known.map((c) => this.freq.get(c)));
        return known.find((c) => this.freq.get(c) * 20 >= most);
      }
      const stemmed = all.find((c) => c.length >= 4 && this.hasPrefix(c));
      if (stemmed) return stemmed;
      return this.hasPrefix(word) ? word : null;
    }

    /**
     * Map a typed word to what the site says: itself, its ASCII-folded original (naestved →
     * næstved) or the nearest frequent word (motiverene → motiverende). `prefix` is what an
     * index that only matches prefixes should look for.
     */
    resolve(word) {
      if (this.cache.has(word)) return this.cache.get(word);
      let result = null;
      // «naestved» may occur on the site (a file name), but the text says «næstved».
      const native = fold(word) === word ? this.folded.get(word) : null;
      const direct = this.prefixFor(word);
      if (native && native !== word && this.freq.get(native) >= (this.freq.get(word) || 0)) {
        result = { word: native, prefix: this.prefixFor(native), corrected: true };
      } else if (direct) {
        result = { word, prefix: direct, corrected: false };
      } else {
        const unfolded = this.folded.get(fold(word));
        if (unfolded) {
          result = { word: unfolded, prefix: this.prefixFor(unfolded), corrected: true };
        } else {
          const max = tolerance(word);
          let best = null;
          let bestDistance = max + 1;
          if (max > 0) {
            const target = fold(word);
            for (const candidate of this.words) {
              const d = distance(target, fold(candidate), Math.min(max, bestDistance));
              if (
                d < bestDistance
                || (d === bestDistance && best && this.freq.get(candidate) > this.freq.get(best))
              ) {
                best = candidate;
                bestDistance = d;
              }
            }
          }
          if (best && bestDistance <= max) {
            result = { word: best, prefix: this.prefixFor(best) || best, corrected: true };
          }
        }
      }
      this.cache.set(word, result);
      return result;
    }
  }

  /** Normalised token sequence of a label, for phrase matching ("SEL § 85" → sel,§,85). */
  function labelTokens(label) {
    return tokenize(label).map((t) => fold(stem(t)));
  }

  /**
   * The vocabularies (methods, legal bases, target groups, glossary): every name, abbreviation
   * and synonym of a term points at the term, so «motiverende samtale», «MI» and «Motivational
   * Interviewing» are one thing to the search.
   */
  class Terms {
    constructor(terms) {
      this.terms = terms || [];
      this.labels = [];
      for (const term of this.terms) {
        for (const label of term.labels) {
          const tokens = labelTokens(label);
          if (tokens.length) this.labels.push({ tokens, term });
        }
      }
      // Longest labels first, so «SEL § 85» wins over «§ 85» where both fit.
      this.labels.sort((a, b) => b.tokens.length - a.tokens.length);
    }

    /** Terms named in the token list ({term, covered}: how many tokens the name spans), and
     * which tokens the names used up. */
    find(tokens) {
      const keys = tokens.map((t) => fold(stem(t)));
      const used = new Array(tokens.length).fill(false);
      const found = [];
      for (const { tokens: label, term } of this.labels) {
        for (let i = 0; i + label.length <= keys.length; i++) {
          let hit = true;
          for (let j = 0; j < label.length; j++) {
            if (keys[i + j] !== label[j]) {
              hit = false;
              break;
            }
          }
          // A lone «§» or a lone number is not a term; neither is a stop word like «og».
          if (hit && !(label.length === 1 && /^(§|\d+)$/.test(label[0]))) {
            const seen = found.find((f) => f.term === term);
            if (seen) seen.covered = Math.max(seen.covered, label.length);
            else found.push({ term, covered: label.length });
            for (let j = 0; j < label.length; j++) used[i + j] = true;
          }
        }
      }
      return { found, used };
    }
  }

  /**
   * The whole query pipeline: words as the site spells them (typos and ASCII fixed), the prefix
   * to look for per word, and the vocabulary terms the query names.
   */
  function analyse(query, { lexicon = null, terms = null } = {}) {
    const tokens = tokenize(query);
    const { found, used } = terms ? terms.find(tokens) : { found: [], used: [] };
    const words = tokens.map((token, i) => {
      const resolved = lexicon ? lexicon.resolve(token) : null;
      return {
        input: token,
        word: resolved ? resolved.word : token,
        prefix: resolved ? resolved.prefix : stem(token),
        corrected: Boolean(resolved && resolved.corrected),
        known: Boolean(resolved) || !lexicon,
        term: Boolean(used[i]),
        stop: STOP.has(token),
      };
    });
    return { words, terms: found };
  }

  function prepare(text) {
    return tokenize(text).map(fold);
  }

  /**
   * For the explorer: a predicate that is true when every query word matches the start of a
   * word in `text` (after the same stemming and ASCII folding), or when the query names a
   * vocabulary term and `keys` (the case's tag keys) contains it.
   */
  function compile(query, { terms = null } = {}) {
    const index = terms ? (terms instanceof Terms ? terms : new Terms(terms)) : null;
    const tokens = tokenize(query);
    const { found, used } = index ? index.find(tokens) : { found: [], used: [] };
    const content = tokens.some((t) => !STOP.has(t));
    const prefixes = tokens.map((t) => (content && STOP.has(t) ? null : fold(stem(t))));
    return function match(text, keys) {
      const words = Array.isArray(text) ? text : prepare(text);
      const tagged = keys ? new Set(keys) : null;
      const termHit = tagged && found.some(({ term }) => tagged.has(`${term.facet}:${term.key}`));
      return prefixes.every((prefix, i) => {
        if (prefix === null || (termHit && used[i])) return true;
        return words.some((w) => w.startsWith(prefix));
      });
    };
  }

  root.PraksisatlasSearch = { tokenize, fold, stem, candidates, distance, Lexicon, Terms, analyse,
    prepare, compile, STOP };
})(typeof self !== "undefined" ? self : globalThis);

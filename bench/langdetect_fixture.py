#!/usr/bin/env python3
"""Builds the langdetect agreement fixture for the Swift port (Tests/RuntimeTests/Fixtures/langdetect).

Texts: our own sentences (bench/langdetect_sentences.py) in en/fr/de/es/it/pt/nl, excerpts
of Pride and Prejudice (public domain; examples/data/pride-and-prejudice-ch1-6.txt), and
mixtures of both shaped like model outputs (an instruction echoed, a switch of language
mid-answer, Markdown, code, URLs and e-mail addresses, other scripts), 3 to 3,000
characters. Each text is labelled by Python's langdetect 1.0.9 with DetectorFactory.seed = 0.

Labels come from a DetectorFactory that loads the profiles in file-name order, the order
the Swift port uses, so both sides add probabilities in the same order. `langdetect.detect`
itself loads them in os.listdir order; the script also runs it and stores its answer when
it differs (`stock_code`), which measures how much that order matters.

It also writes python_random.json: outputs of random.Random(seed) (random, gauss,
getrandbits, choice indices) that the port's Mersenne Twister must reproduce.

Usage (langdetect 1.0.9 installed, e.g. pip install langdetect==1.0.9 in a venv):
    python3 bench/langdetect_fixture.py [OUTPUT_DIR]
    python3 bench/langdetect_fixture.py --paragraphs OUT.jsonl FILE...
The second form labels the paragraphs (3..3,000 characters) of text or HTML files the same
way, for a larger check that is not committed (e.g. the cached Debian Reference, GPL):
    guide run bench/langdetect_agreement.guide fixture=OUT.jsonl
"""
import html.parser
import json
import os
import random
import sys

import langdetect
from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from langdetect_sentences import SENTENCES, SHORT, OTHER  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AUSTEN = os.path.join(ROOT, 'examples', 'data', 'pride-and-prejudice-ch1-6.txt')
LANGS = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl']
MIN_LEN, MAX_LEN = 3, 3000

INSTRUCTIONS = {
    'en': "Summarize in English:", 'fr': "Résume en français :", 'de': "Fasse auf Deutsch zusammen:",
    'es': "Resume en español:", 'it': "Riassumi in italiano:", 'pt': "Resuma em português:",
    'nl': "Vat samen in het Nederlands:",
}
SWITCHES = {
    'en': "Sure! Here is the summary:", 'fr': "Voici le résumé :", 'de': "Hier ist die Zusammenfassung:",
    'es': "Aquí está el resumen:", 'it': "Ecco il riassunto:", 'pt': "Aqui está o resumo:",
    'nl': "Hier is de samenvatting:",
}
NOISE = [
    "https://example.org/docs/guide?lang=fr&page=2#intro", "http://localhost:8080/api/v1/items",
    "contact.support@example.com", "jean-luc_picard@starfleet-academy.example.fr",
    "see https://www.example.com/a/b/c.html for details", "ERROR 404", "NOTE:", "HTTP/1.1 200 OK",
    "`json_parse(text)`", "```python\nprint('hello')\n```", "§ 3.2", "(2024-05-17 14:03:22)", "€ 12,50",
    "x = 3.14 * r ** 2", "😀 🎉", "— « » “ ” …", "\t", "\n\n", "   ", "IMPORTANT NOTICE",
]
NO_FEATURES = ["123 !!", "...", "42 + 17 = 59", "---", "😀😀😀", "12:30", "$ 3.50", "?!?", "___", "1, 2, 3"]


def austen_text():
    with open(AUSTEN, encoding='utf-8') as f:
        return f.read()


def target_length(rng):
    """Log-uniform in [MIN_LEN, MAX_LEN]."""
    return int(round(MIN_LEN * (MAX_LEN / MIN_LEN) ** rng.random()))


def prose(rng, lang, length):
    parts, size = [], 0
    while size < length:
        sentence = rng.choice(SENTENCES[lang])
        parts.append(sentence)
        size += len(sentence) + 1
    separator = rng.choice([' ', ' ', '\n', '\n\n'])
    return separator.join(parts)[:length]


def austen(rng, book, length):
    start = rng.randrange(0, len(book) - length)
    return book[start:start + length]


def clip(text):
    return text[:MAX_LEN] if len(text) > MAX_LEN else text


def build(rng):
    book = austen_text()
    items = []

    def add(kind, lang, text):
        if len(text) < MIN_LEN:
            text = (text + ' ' + text + ' ' + text)[:max(MIN_LEN, len(text))]
        items.append({'kind': kind, 'lang': lang, 'text': clip(text)})

    # One language, lengths 3..3000.
    for lang in LANGS:
        for _ in range(85):
            add('prose', lang, prose(rng, lang, target_length(rng)))
    for _ in range(60):
        add('austen', 'en', austen(rng, book, target_length(rng)))
    # Short replies, cut-off fragments.
    for lang in LANGS:
        for reply in SHORT[lang]:
            add('short', lang, reply)
        for _ in range(6):
            sentence = rng.choice(SENTENCES[lang])
            n = rng.randint(3, 12)
            start = rng.randint(0, len(sentence) - n)
            add('fragment', lang, sentence[start:start + n])
    # Model outputs: instruction echoed, then an answer in the target language.
    for _ in range(110):
        target = rng.choice(LANGS)
        source = austen(rng, book, rng.randint(50, 1200)) if rng.random() < 0.5 else \
            prose(rng, rng.choice(LANGS), rng.randint(50, 1200))
        answer = prose(rng, target, rng.randint(20, 900))
        text = INSTRUCTIONS[target] + '\n' + source + '\n\n' + answer if rng.random() < 0.4 else \
            SWITCHES[rng.choice(LANGS)] + ' ' + answer
        add('model-output', target, text)
    # Two languages interleaved, in random proportions.
    for _ in range(130):
        a, b = rng.sample(LANGS, 2)
        share = rng.random()
        parts = []
        for _ in range(rng.randint(2, 14)):
            parts.append(rng.choice(SENTENCES[a] if rng.random() < share else SENTENCES[b]))
        add('mixed', a + '+' + b, ' '.join(parts)[:target_length(rng) + 40])
    # Switching mid-answer (the model starts in one language and drifts to another).
    for _ in range(60):
        a, b = rng.sample(LANGS, 2)
        first = prose(rng, a, rng.randint(10, 600))
        second = prose(rng, b, rng.randint(10, 600))
        add('switch', a + '>' + b, first + ' ' + second)
    # Markdown, code, URLs, e-mail addresses, capitals, digits.
    for _ in range(110):
        lang = rng.choice(LANGS)
        pieces = [prose(rng, lang, rng.randint(20, 400))]
        for _ in range(rng.randint(1, 4)):
            pieces.insert(rng.randint(0, len(pieces)), rng.choice(NOISE))
        if rng.random() < 0.4:
            pieces = ['**' + SWITCHES[lang] + '**'] + ['- ' + p for p in pieces]
        if rng.random() < 0.3:
            pieces.insert(0, prose(rng, lang, rng.randint(10, 60)).upper())
        add('noisy', lang, rng.choice(['\n', ' ', '  ']).join(pieces))
    # Other scripts, alone or mixed with Latin-script prose.
    for other in OTHER:
        add('script', 'other', other)
    for _ in range(40):
        lang = rng.choice(LANGS)
        add('script-mixed', lang + '+other', prose(rng, lang, rng.randint(5, 300)) + ' ' + rng.choice(OTHER))
    # Long texts near the limit.
    for lang in LANGS:
        add('long', lang, prose(rng, lang, MAX_LEN))
    add('long', 'en', austen(rng, book, MAX_LEN))
    # Nothing langdetect can use.
    for text in NO_FEATURES:
        add('no-features', 'none', text)
    return items


def sorted_factory():
    factory = DetectorFactory()
    names = sorted(n for n in os.listdir(PROFILES_DIRECTORY) if not n.startswith('.'))
    profiles = []
    for name in names:
        with open(os.path.join(PROFILES_DIRECTORY, name), encoding='utf-8') as f:
            profiles.append(f.read())
    factory.load_json_profile(profiles)
    factory.set_seed(0)
    return factory


def label(factory, text):
    detector = factory.create()
    detector.append(text)
    try:
        probabilities = detector.get_probabilities()
    except LangDetectException as error:
        return {'code': None, 'probability': None, 'languages': [], 'error': str(error)}
    code = probabilities[0].lang if probabilities else 'unknown'
    top = probabilities[0].prob if probabilities else None
    return {'code': code, 'probability': top, 'languages': [[p.lang, p.prob] for p in probabilities]}


def stock_code(text):
    try:
        return langdetect.detect(text)
    except LangDetectException:
        return None


def random_fixture():
    cases = []
    for seed in [0, 1, 12345, 2 ** 32 + 7]:
        rng = random.Random(seed)
        randoms = [rng.random() for _ in range(5)]
        rng = random.Random(seed)
        gausses = [rng.gauss(0.0, 1.0) for _ in range(5)]
        rng = random.Random(seed)
        bits = [[k, rng.getrandbits(k)] for k in [1, 5, 15, 31, 32, 33, 48, 64]]
        rng = random.Random(seed)
        # choice(seq) draws seq[_randbelow(len(seq))]; record the indices.
        choices = []
        for n in [1, 2, 3, 7, 100, 1000, 29999, 2 ** 20 + 1]:
            seq = range(n)
            choices.append([n, rng.choice(seq)])
        rng = random.Random(seed)
        # langdetect's pattern: one gauss, then several choices, then gauss again.
        interleaved = []
        for _ in range(3):
            interleaved.append(['gauss', rng.gauss(0.0, 1.0)])
            for _ in range(4):
                interleaved.append(['choice', rng.choice(range(517))])
        rng = random.Random(seed)
        state_after = [rng.getrandbits(32) for _ in range(700)][-3:]
        cases.append({'seed': seed, 'random': randoms, 'gauss': gausses, 'getrandbits': bits,
                      'choice': choices, 'interleaved': interleaved, 'uint32_698_to_700': state_after})
    return cases


class _TextOfHTML(html.parser.HTMLParser):
    """The text of an HTML page, a blank line after each block element."""

    BLOCKS = {'p', 'div', 'pre', 'li', 'h1', 'h2', 'h3', 'h4', 'td', 'tr', 'table', 'dt', 'dd', 'br', 'title'}

    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append('\n\n')


def paragraphs(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        text = f.read()
    if path.endswith('.html'):
        parser = _TextOfHTML()
        parser.feed(text)
        text = ''.join(parser.parts)
    for block in text.split('\n\n'):
        block = block.strip()
        if len(block) >= MIN_LEN:
            yield clip(block)


def label_paragraphs(out_path, paths):
    factory = sorted_factory()
    count = 0
    with open(out_path, 'w', encoding='utf-8') as f:
        for path in paths:
            for text in paragraphs(path):
                record = {'id': count, 'kind': os.path.basename(path), 'lang': '', 'text': text}
                record.update(label(factory, text))
                f.write(json.dumps(record, ensure_ascii=False) + '\n')
                count += 1
    print('%d paragraphs labelled into %s' % (count, out_path))


def main():
    if len(sys.argv) > 2 and sys.argv[1] == '--paragraphs':
        DetectorFactory.seed = 0
        label_paragraphs(sys.argv[2], sys.argv[3:])
        return
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'Tests', 'RuntimeTests', 'Fixtures', 'langdetect')
    os.makedirs(out_dir, exist_ok=True)
    assert langdetect.detector_factory.Detector.__module__ == 'langdetect.detector'
    DetectorFactory.seed = 0
    factory = sorted_factory()
    items = build(random.Random(20261130))
    stock_differs = 0
    with open(os.path.join(out_dir, 'langdetect.jsonl'), 'w', encoding='utf-8') as f:
        for i, item in enumerate(items):
            record = {'id': i, 'kind': item['kind'], 'lang': item['lang'], 'text': item['text']}
            record.update(label(factory, item['text']))
            stock = stock_code(item['text'])
            if stock != record['code']:
                record['stock_code'] = stock
                stock_differs += 1
            f.write(json.dumps(record, ensure_ascii=False) + '\n')
    with open(os.path.join(out_dir, 'python_random.json'), 'w') as f:
        json.dump(random_fixture(), f, indent=1)
    lengths = [len(item['text']) for item in items]
    print('%d texts (%d..%d characters); langdetect.detect differs from the file-order factory on %d'
          % (len(items), min(lengths), max(lengths), stock_differs))


if __name__ == '__main__':
    main()

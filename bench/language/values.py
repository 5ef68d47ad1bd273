# Container-heavy: the same program as values.guide.
same = 0
total = 0
for i in range(300_000):
    r = {"id": i, "tags": [i % 7, i % 11], "score": (i * 37) % 101}
    r["tags"][0] = r["score"] % 7
    pair = [r["tags"], [i % 7, i % 11]]
    if pair[0] == pair[1]:
        same = same + 1
    if [r["score"], r["id"]] < [50, 0]:
        total = total + r["tags"][1]
rows = list(map(lambda i: {"k": (i * 7919) % 1000, "v": [i, i + 1]}, range(100_000)))
ordered = sorted(rows, key=lambda r: [r["k"], r["v"][0]])
print(same, total, len(ordered), ordered[1]["v"][0])

# Loop-heavy: the same program as loop.guide.
total = 0
i = 0
while i < 2_000_000:
    if i % 3 == 0:
        total = total + i
    else:
        total = total - 1
    i = i + 1
xs = list(range(0, 1000, 1))
acc = 0
for r in range(1000):
    for j in range(1000):
        acc = acc + xs[j] * 2
print(total, acc)

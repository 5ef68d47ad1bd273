# Call-heavy: the same program as calls.guide.
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

def add(a, b):
    return a + b

s = 0
for i in range(500_000):
    s = add(s, i)
squares = list(map(lambda x: x * x, range(300_000)))
print(fib(27), s, sum(squares))

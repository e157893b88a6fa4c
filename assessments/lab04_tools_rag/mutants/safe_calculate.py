def safe_calculate(expressions):
    # Plausible mistake: the textbook eval() calculator, wrapped in try/except.
    results = []
    for expression in expressions:
        try:
            results.append(str(eval(expression)))
        except Exception:
            results.append("refused")
    return results

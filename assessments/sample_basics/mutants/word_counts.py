def word_counts(text):
    # Plausible mistake: splits on spaces, so punctuation and case stay attached to words.
    counts = {}
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1
    return counts

from labkit.tools import ToolRegistry
from labkit.tools.mcp import MCPClient
from labkit.tools.mcp_server import build_server


def vowel_tool(texts, include_y):
    # Plausible mistake: the flag has no default, so the schema makes it required and a client that sends only
    # the text gets an error instead of a count.
    def count_vowels(text: str, include_y: bool) -> int:
        """Count the vowels in a text (a, e, i, o, u; y too when include_y is true)."""
        vowels = "aeiouy" if include_y else "aeiou"
        return sum(ch in vowels for ch in text.lower())

    registry = ToolRegistry([count_vowels])
    with MCPClient(build_server(registry, "vowels"), timeout=8) as client:
        [info] = client.list_tools()
        counts = [int(client.call_tool("count_vowels", {"text": t, "include_y": include_y}).output) for t in texts]
        defaults = [int(r.output) if r.ok else -1
                    for r in (client.call_tool("count_vowels", {"text": t}) for t in texts)]
    return {"name": info.name, "required": info.parameters["required"],
            "types": {k: v.get("type") for k, v in info.parameters["properties"].items()},
            "counts": counts, "default_counts": defaults}

"""The API's reference page, read from its own OpenAPI schema and rendered on the server.

The page that documents the API is light and works without JavaScript: every operation with
its summary, description, parameters and, where the address needs no value, a link to try it.
Swagger UI (about 450 KB compressed) is loaded only when a reader asks for the interactive
console. The schema is the one drf-spectacular serves at /api/schema/, so the page and the
schema cannot disagree.
"""

from dataclasses import dataclass
from functools import cache

from drf_spectacular.generators import SchemaGenerator


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # "path" or "query"
    required: bool
    kind: str
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: tuple

    @property
    def anchor(self):
        return self.path.strip("/").replace("/", "-").replace("{", "").replace("}", "")

    @property
    def example_url(self):
        """The address to open as it is, when it needs no value filled in."""
        return "" if "{" in self.path else self.path


def _kind(schema):
    kind = schema.get("type", "")
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    return kind


@cache
def operations():
    """Every operation of the API in the schema's order (resources alphabetically)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters = tuple(
                Parameter(
                    name=parameter["name"],
                    location=parameter["in"],
                    required=parameter.get("required", False),
                    kind=_kind(parameter.get("schema", {})),
                    description=parameter.get("description", ""),
                )
                for parameter in operation.get("parameters", [])
            )
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    parameters=parameters,
                )
            )
    return found

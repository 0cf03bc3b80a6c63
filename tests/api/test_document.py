"""The OpenAPI document: open to all (it holds nobody's data), and every operation in it has an
example and says which problems it may answer with."""

from django.test import Client


def _operations(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield f"{method.upper()} {path}", operation


def _has_example(operation) -> bool:
    bodies = [answer.get("content") or {} for answer in operation["responses"].values()]
    bodies.append(operation.get("requestBody", {}).get("content") or {})
    return any("examples" in body for content in bodies for body in content.values())


def test_every_operation_has_an_example_and_its_problems(db):
    answer = Client().get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    assert answer.status_code == 200
    document = answer.json()
    assert document["openapi"].startswith("3.")
    operations = dict(_operations(document))
    assert len(operations) == 10
    assert [name for name, operation in operations.items() if not _has_example(operation)] == []
    for name, operation in operations.items():
        problems = {
            code
            for code, answer in operation["responses"].items()
            if "application/problem+json" in answer.get("content", {})
        }
        assert {"401", "403", "404", "429"} <= problems, name
        if name.startswith(("POST", "PUT")):
            assert {"400", "412"} <= problems, name
            assert any(
                parameter["name"] == "If-Match" and parameter["required"]
                for parameter in operation["parameters"]
            )

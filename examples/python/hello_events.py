"""The app of examples/apps/hello-events.ts, in Python.

A Knative Service that receives the events of a Broker through a Trigger, its
image a Helm chart value. Build the Python package with `npm run package:all`
(dist-jsii/python) and install it with its jsii runtime, then run:

    python examples/python/hello_events.py > hello-events.k8s.yaml

test/e2e/jsii.test.ts type-checks this file against the generated package.
"""
from cdk8s import ApiObjectMetadata, App, Chart

import cdk8s_knative as kn


def build_hello_events(app: App) -> Chart:
    chart = Chart(app, "hello-events", namespace="hello")
    image = kn.ChartValue.string_value(
        chart,
        "hello.image",
        default_value="ghcr.io/acme/hello:1.0.0",
        description="Image of the hello Service",
    )
    hello = kn.Service(
        chart,
        "Hello",
        metadata=ApiObjectMetadata(name="hello"),
        container=kn.ContainerProps(image=image.as_string(), port=8080),
        container_concurrency=50,
    )
    broker = kn.Broker(chart, "Default", metadata=ApiObjectMetadata(name="default"))
    kn.Trigger(
        chart,
        "OnGreeting",
        metadata=ApiObjectMetadata(name="on-greeting"),
        broker=broker,
        subscriber=hello,
        filter={"type": "dev.acme.greeting"},
    )
    return chart


if __name__ == "__main__":
    app = App(resolvers=[kn.ChartValue.resolver()])
    build_hello_events(app)
    print(app.synth_yaml(), end="")

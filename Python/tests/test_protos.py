"""The committed agglm/v1/agglm_pb2.py must describe exactly Protos/agglm/v1/agglm.proto: protoc compiles
the .proto into a FileDescriptorProto, which must equal the one embedded in the generated module.
If this fails, run Scripts/generate-protos.sh."""

import shutil
import subprocess

import pytest
from google.protobuf import descriptor_pb2

from agglm import pb
from conftest import REPOSITORY


def test_generated_module_matches_the_proto_file(tmp_path):
    protoc = shutil.which("protoc")
    proto_root = REPOSITORY / "Protos"
    if protoc is None:
        pytest.skip("protoc is not installed (Debian: protobuf-compiler)")
    if not (proto_root / "agglm/v1/agglm.proto").exists():
        pytest.skip("Protos/ not found next to this test")
    out = tmp_path / "agglm.pb"
    subprocess.run([protoc, f"-I{proto_root}", f"--descriptor_set_out={out}", "agglm/v1/agglm.proto"], check=True)
    compiled = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes()).file[0]
    # protoc --python_out leaves out json_name (derived from the name anyway); compare without it.
    messages = list(compiled.message_type)
    while messages:
        message = messages.pop()
        messages.extend(message.nested_type)
        for field in message.field:
            field.ClearField("json_name")
    embedded = descriptor_pb2.FileDescriptorProto.FromString(pb.DESCRIPTOR.serialized_pb)
    assert embedded == compiled, "agglm_pb2.py is stale: run Scripts/generate-protos.sh"


def test_messages_round_trip():
    request = pb.Request()
    request.aggregate.request_id = "x"
    request.aggregate.problems.add(id="p").candidates.add(id="a", text="t").confidence.mean_logprob = -0.5
    decoded = pb.Request.FromString(request.SerializeToString())
    assert decoded == request
    assert decoded.aggregate.protocol_version == 0  # unset: the server takes it as its current version
    assert pb.ERROR_CODE_INVALID_UTF8 == 6 and pb.PROTOCOL_VERSION_CURRENT == 1

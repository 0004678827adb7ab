#!/usr/bin/env python3
"""Writes a synthetic VITS voice in sherpa-onnx's layout, a few KB: the lexicon layout (model, tokens.txt,
lexicon.txt), or with --piper Piper's (model, its .onnx.json, IPA tokens.txt; espeak-ng-data/ is copied
in by syntheticVoice.ts from the espeak-ng package).

It has VITS's interface and the metadata sherpa-onnx's VITS loader reads, but no learned weights: for
x [1, T] it answers y [1, 1, T * HOP * length_scale] samples of a sine whose pitch follows the speaker
(sid), so the audio's length follows the text's length and the speed (sherpa-onnx passes 1 / speed as
length_scale), and two speakers sound apart. Letters are its phones; lexicon.txt spells out the words the
tests speak; a Piper voice's phones are IPA symbols, which espeak-ng gives. Tests use it to run the real
sherpa-onnx engine end to end without an 80 MB download; they check mechanics (formats, durations,
speakers, errors), never what was said.

    python3 make.py OUT_DIR [--piper]   # needs python3-onnx (Debian) or `pip install onnx`; tests call it through syntheticVoice.ts
"""
import json
import os
import sys

import onnx
from onnx import TensorProto, helper

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
PIPER = "--piper" in sys.argv[2:]
SAMPLE_RATE = 16000
# Samples per token: 25 ms, so a 40-letter sentence is about a second.
HOP = 400
N_SPEAKERS = 2
PUNCTUATION = [";", ":", ",", ".", "!", "?"]
LETTERS = [chr(c) for c in range(ord("a"), ord("z") + 1)] + ["'"]
WORDS = (
    "hearth speaks this sentence aloud offline through a neural voice hello world good evening "
    "the quick brown fox jumps over lazy dog one two three bonjour"
).split()

# Piper's phones (a slice of its phoneme_id_map): pad, start, end, space, then IPA; espeak-ng's others are skipped.
PIPER_PHONES = ["_", "^", "$", " "] + PUNCTUATION + list("abdefhijklmnoprstuvwzæðŋɐɑɔəɚɛɜɡɪɹɾʃʊʌʒθˈˌː")

# sherpa-onnx's VITS loader (offline-tts-vits-model.cc) reads these. A comment without "piper", "coqui",
# "icefall", "melo" or "Inflect" selects its plain VITS run (inputs x, x_length, noise_scale, length_scale,
# noise_scale_w, sid) and, for a language other than Chinese, its word-by-word lexicon; "piper" selects
# Piper's run (x, x_length, scales = [noise, length, noise_w], sid) and espeak-ng's phonemes.
meta = {
    "model_type": "vits",
    "comment": "piper" if PIPER else "hearth-synthetic",
    "language": "English",
    "voice": "en-us",
    "sample_rate": SAMPLE_RATE,
    "add_blank": 0,
    "n_speakers": N_SPEAKERS,
    "punctuation": " ".join(PUNCTUATION),
}


def scalar(name):
    return helper.make_tensor(name, TensorProto.FLOAT, [], [0.0])


# Piper passes the three scales in one tensor; the rest of the graph reads them apart.
scale_nodes = []
if PIPER:
    scale_nodes = [
        helper.make_node("Slice", ["scales", "i0", "i1"], ["noise_scale"]),
        helper.make_node("Slice", ["scales", "i1", "i2"], ["length_scale"]),
        helper.make_node("Slice", ["scales", "i2", "i3"], ["noise_scale_w"]),
    ]
nodes = scale_nodes + [
    # n = floor(T * HOP * length_scale): the number of samples.
    helper.make_node("Shape", ["x"], ["x_shape"]),
    helper.make_node("Gather", ["x_shape", "one_i"], ["t_i"], axis=0),
    helper.make_node("Cast", ["t_i"], ["t_f"], to=TensorProto.FLOAT),
    helper.make_node("ReduceSum", ["length_scale"], ["length_scale_s"], keepdims=0),
    helper.make_node("Mul", ["t_f", "hop"], ["t_hop"]),
    helper.make_node("Mul", ["t_hop", "length_scale_s"], ["n_raw"]),
    helper.make_node("Floor", ["n_raw"], ["n"]),
    helper.make_node("Range", ["zero", "n", "one_f"], ["steps"]),
    # Pitch 220 Hz for speaker 0, 330 Hz for speaker 1.
    helper.make_node("Cast", ["sid"], ["sid_f"], to=TensorProto.FLOAT),
    helper.make_node("ReduceSum", ["sid_f"], ["sid_s"], keepdims=0),
    helper.make_node("Mul", ["sid_s", "hz_per_speaker"], ["extra_hz"]),
    helper.make_node("Add", ["extra_hz", "base_hz"], ["hz"]),
    helper.make_node("Mul", ["hz", "two_pi_over_rate"], ["step_angle"]),
    helper.make_node("Mul", ["steps", "step_angle"], ["angles"]),
    helper.make_node("Sin", ["angles"], ["wave"]),
    # The unused inputs still count, as zeros, so no runtime drops them.
    helper.make_node("ReduceSum", ["noise_scale"], ["ns"], keepdims=0),
    helper.make_node("ReduceSum", ["noise_scale_w"], ["nsw"], keepdims=0),
    helper.make_node("Cast", ["x_length"], ["xl_f"], to=TensorProto.FLOAT),
    helper.make_node("ReduceSum", ["xl_f"], ["xl"], keepdims=0),
    helper.make_node("Sum", ["ns", "nsw", "xl"], ["unused"]),
    helper.make_node("Mul", ["unused", "zero"], ["nothing"]),
    helper.make_node("Add", ["amplitude", "nothing"], ["gain"]),
    helper.make_node("Mul", ["wave", "gain"], ["samples"]),
    helper.make_node("Reshape", ["samples", "out_shape"], ["y"]),
]
inputs = [
    helper.make_tensor_value_info("x", TensorProto.INT64, [1, "T"]),
    helper.make_tensor_value_info("x_length", TensorProto.INT64, [1]),
]
if PIPER:
    inputs.append(helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3]))
else:
    inputs += [helper.make_tensor_value_info(name, TensorProto.FLOAT, [1]) for name in ("noise_scale", "length_scale", "noise_scale_w")]
inputs.append(helper.make_tensor_value_info("sid", TensorProto.INT64, [1]))
graph = helper.make_graph(
    nodes,
    "synthetic-vits",
    inputs,
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 1, "N"])],
    [
        helper.make_tensor("one_i", TensorProto.INT64, [], [1]),
        helper.make_tensor("hop", TensorProto.FLOAT, [], [float(HOP)]),
        scalar("zero"),
        helper.make_tensor("one_f", TensorProto.FLOAT, [], [1.0]),
        helper.make_tensor("hz_per_speaker", TensorProto.FLOAT, [], [110.0]),
        helper.make_tensor("base_hz", TensorProto.FLOAT, [], [220.0]),
        helper.make_tensor("two_pi_over_rate", TensorProto.FLOAT, [], [2 * 3.141592653589793 / SAMPLE_RATE]),
        helper.make_tensor("amplitude", TensorProto.FLOAT, [], [0.3]),
        helper.make_tensor("out_shape", TensorProto.INT64, [3], [1, 1, -1]),
    ]
    + [helper.make_tensor(f"i{i}", TensorProto.INT64, [1], [i]) for i in range(4)],
)

model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="hearth-test")
model.ir_version = 7
for key, value in meta.items():
    entry = model.metadata_props.add()
    entry.key, entry.value = key, str(value)
onnx.checker.check_model(model)

os.makedirs(OUT, exist_ok=True)
onnx.save(model, os.path.join(OUT, "synthetic.onnx"))
if PIPER:
    with open(os.path.join(OUT, "tokens.txt"), "w", encoding="utf-8") as tokens:
        for i, symbol in enumerate(PIPER_PHONES):
            tokens.write(f"{symbol} {i}\n")
    # The parts of Piper's voice config Hearth reads: language, speakers and their names.
    config = {
        "dataset": "synthetic",
        "audio": {"sample_rate": SAMPLE_RATE},
        "espeak": {"voice": "en-us"},
        "language": {"code": "en_US", "family": "en", "region": "US", "name_english": "English"},
        "num_speakers": N_SPEAKERS,
        "speaker_id_map": {"alba": 0, "bryn": 1},
        "phoneme_id_map": {symbol: [i] for i, symbol in enumerate(PIPER_PHONES)},
    }
    with open(os.path.join(OUT, "synthetic.onnx.json"), "w", encoding="utf-8") as file:
        json.dump(config, file, ensure_ascii=False)
    sys.exit(0)
# tokens.txt: "symbol id"; a line with the id alone is the space, which the lexicon puts between words.
with open(os.path.join(OUT, "tokens.txt"), "w") as tokens:
    tokens.write(" 0\n")
    for i, symbol in enumerate(LETTERS + PUNCTUATION, start=1):
        tokens.write(f"{symbol} {i}\n")
with open(os.path.join(OUT, "lexicon.txt"), "w") as lexicon:
    for word in WORDS:
        lexicon.write(f"{word} {' '.join(word)}\n")

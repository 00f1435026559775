using System.Buffers.Binary;
using PredictionSdk.Models.Training.Onnx;
using PredictionSdk.Models.Training.Onnx.Proto;

namespace PredictionSdk.Models.Training.Tests.Onnx;

public class OnnxGraphBuilderTests
{
    [Fact]
    public void Linear_graph_runs_for_any_batch_size_and_matches_reference()
    {
        var rng = new Random(1);
        float[] w = OrtRunner.Random(rng, 3 * 4);
        float[] b = OrtRunner.Random(rng, 3);
        var g = new OnnxGraphBuilder();
        string x = g.AddInput("x", "batch", 4);
        g.AddOutput(g.Rename(g.Linear(x, w, b, 4, 3), "y"), "batch", 3);
        byte[] model = g.ToBytes();

        foreach (int batch in new[] { 1, 7 })
        {
            float[] input = OrtRunner.Random(rng, batch * 4);
            var (y, shape) = OrtRunner.Run(model, "x", input, batch, 4);
            Assert.Equal(new[] { batch, 3 }, shape);
            var expected = new float[batch * 3];
            for (int r = 0; r < batch; r++)
            {
                var row = ReferenceMath.Linear(input.AsSpan(r * 4, 4).ToArray().Select(v => (double)v).ToArray(), w, b, 3);
                for (int o = 0; o < 3; o++)
                {
                    expected[(r * 3) + o] = (float)row[o];
                }
            }

            OrtRunner.AssertClose(expected, y, 1e-5);
        }
    }

    [Fact]
    public void Model_is_ir8_opset17_with_little_endian_raw_weights_and_symbolic_batch()
    {
        var g = new OnnxGraphBuilder();
        string x = g.AddInput("x", "batch", 2);
        string w = g.AddInitializer("w", [1.5f, -2f, 0.25f, 3f], 2, 2);
        g.AddOutput(g.Rename(g.MatMul(x, w), "y"), "batch", 2);
        var metadata = new Dictionary<string, string> { ["k"] = "v" };

        var model = ModelProto.Parser.ParseFrom(g.ToBytes(metadata));

        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, Assert.Single(model.OpsetImport).Version);
        Assert.Equal("batch", model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(2, model.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue);
        var tensor = Assert.Single(model.Graph.Initializer);
        Assert.Equal((int)TensorProto.Types.DataType.Float, tensor.DataType);
        Assert.Empty(tensor.FloatData);
        byte[] raw = tensor.RawData.ToByteArray();
        Assert.Equal(16, raw.Length);
        Assert.Equal(-2f, BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(4)));
        Assert.Equal("v", Assert.Single(model.MetadataProps).Value);
        Assert.Equal(4, g.ParameterCount);
    }

    [Fact]
    public void Zero_valued_integer_attribute_is_serialised()
    {
        // ONNX Runtime checks attribute presence; proto3 would drop a plain zero.
        var g = new OnnxGraphBuilder();
        string x = g.AddInput("x", 2, 3);
        g.AddOutput(g.Rename(g.Softmax(x, 0), "y"), 2, 3);
        var (y, _) = OrtRunner.Run(g.ToBytes(), "x", [1, 2, 3, 3, 2, 1], 2, 3);
        Assert.Equal(1f / (1 + MathF.E * MathF.E), y[0], 5);
        Assert.Equal(0.5f, y[1], 5);
    }

    [Fact]
    public void Builder_rejects_unknown_inputs_duplicate_names_and_bad_shapes()
    {
        var g = new OnnxGraphBuilder();
        g.AddInput("x", 1);
        Assert.Throws<InvalidOperationException>(() => g.AddInput("x", 1));
        Assert.Throws<InvalidOperationException>(() => g.Relu("nope"));
        Assert.Throws<ArgumentException>(() => g.AddInitializer("w", [1f, 2f, 3f], 2, 2));
        Assert.Throws<ArgumentException>(() => g.AddInitializer("w", [float.NaN], 1));
        Assert.Throws<InvalidOperationException>(() => g.AddOutput("missing", 1));
        Assert.Throws<InvalidOperationException>(() => new OnnxGraphBuilder().ToBytes());
    }

    [Fact]
    public void Squeeze_and_unsqueeze_take_axes_as_inputs()
    {
        var g = new OnnxGraphBuilder();
        string x = g.AddInput("x", "batch", 3);
        string y = g.Squeeze(g.Unsqueeze(x, 1, 3), 3);
        g.AddOutput(g.Rename(y, "y"), "batch", 1, 3);
        var (values, shape) = OrtRunner.Run(g.ToBytes(), "x", [1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal(new[] { 2, 1, 3 }, shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, values);
    }
}

using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using PredictionSdk.Models.Training.Onnx.Proto;

namespace PredictionSdk.Models.Training.Onnx;

/// <summary>
/// Builds an ONNX model (IR version 8, default-domain opset 17) node by node: float32 inputs and
/// outputs whose dimensions may be symbolic, weights as little-endian float32 <c>raw_data</c> initializers.
/// </summary>
/// <remarks>Not thread-safe: one builder per export.</remarks>
internal sealed class OnnxGraphBuilder
{
    /// <summary>ONNX IR version written.</summary>
    public const long IrVersion = 8;

    /// <summary>Default-domain opset version written.</summary>
    public const long OpsetVersion = 17;

    private readonly GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>Starts an empty graph.</summary>
    public OnnxGraphBuilder(string graphName = "main")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        _graph = new GraphProto { Name = graphName };
    }

    /// <summary>Number of nodes added so far.</summary>
    public int NodeCount => _graph.Node.Count;

    /// <summary>Total number of weight values in float32 initializers.</summary>
    public long ParameterCount { get; private set; }

    /// <summary>Returns a value name not used yet, starting with <paramref name="prefix"/>.</summary>
    public string UniqueName(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        string name = prefix;
        while (_names.Contains(name))
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{prefix}_{++_counter}");
        }

        return name;
    }

    /// <summary>Declares a float32 graph input.</summary>
    /// <returns>The input's value name.</returns>
    public string AddInput(string name, params OnnxDim[] shape)
    {
        Claim(name);
        _graph.Input.Add(ValueInfo(name, shape));
        return name;
    }

    /// <summary>Declares that the value <paramref name="name"/> is a float32 graph output.</summary>
    public void AddOutput(string name, params OnnxDim[] shape)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_names.Contains(name))
        {
            throw new InvalidOperationException($"No value named '{name}' exists in the graph; add the node that produces it first.");
        }

        _graph.Output.Add(ValueInfo(name, shape));
    }

    /// <summary>Adds a float32 constant tensor (a weight), stored as little-endian raw bytes.</summary>
    /// <returns>The initializer's value name (unique, derived from <paramref name="name"/>).</returns>
    public string AddInitializer(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        CheckCount(name, values.Length, dims);
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                throw new ArgumentException($"Initializer '{name}' holds a non-finite value ({v}).", nameof(values));
            }
        }

        byte[] raw = new byte[values.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(raw);
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
            }
        }

        string unique = UniqueName(name);
        Claim(unique);
        var tensor = new TensorProto { Name = unique, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.Add(dims);
        _graph.Initializer.Add(tensor);
        ParameterCount += values.Length;
        return unique;
    }

    /// <summary>Adds an int64 constant tensor (shapes, axes, indices).</summary>
    /// <returns>The initializer's value name.</returns>
    public string AddInt64Initializer(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        CheckCount(name, values.Length, dims);
        byte[] raw = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), values[i]);
        }

        string unique = UniqueName(name);
        Claim(unique);
        var tensor = new TensorProto { Name = unique, DataType = (int)TensorProto.Types.DataType.Int64, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.Add(dims);
        _graph.Initializer.Add(tensor);
        return unique;
    }

    /// <summary>Adds a node with one output.</summary>
    /// <param name="opType">ONNX operator, e.g. <c>MatMul</c>.</param>
    /// <param name="inputs">Input value names; an empty string skips an optional input.</param>
    /// <param name="attributes">Node attributes.</param>
    /// <returns>The output's value name.</returns>
    public string AddNode(string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes) =>
        AddNode(opType, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputCount"/> outputs.</summary>
    /// <returns>The output value names, in the operator's output order.</returns>
    public IReadOnlyList<string> AddNode(string opType, IReadOnlyList<string> inputs, int outputCount, params OnnxAttribute[] attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputCount, 1);
        foreach (string input in inputs)
        {
            if (input.Length > 0 && !_names.Contains(input))
            {
                throw new InvalidOperationException($"{opType}: input '{input}' is not a value of the graph.");
            }
        }

        string nodeName = string.Create(CultureInfo.InvariantCulture, $"{opType}_{_graph.Node.Count}");
        var node = new NodeProto { OpType = opType, Name = nodeName };
        node.Input.Add(inputs);
        var outputs = new string[outputCount];
        for (int i = 0; i < outputCount; i++)
        {
            outputs[i] = UniqueName(outputCount == 1 ? nodeName : string.Create(CultureInfo.InvariantCulture, $"{nodeName}_{i}"));
            Claim(outputs[i]);
        }

        node.Output.Add(outputs);
        foreach (var attribute in attributes)
        {
            node.Attribute.Add(attribute.Proto);
        }

        _graph.Node.Add(node);
        return outputs;
    }

    /// <summary>Adds an <c>Identity</c> node whose output carries the given name (for graph outputs).</summary>
    public string Rename(string value, string name)
    {
        Claim(name);
        var node = new NodeProto { OpType = "Identity", Name = string.Create(CultureInfo.InvariantCulture, $"Identity_{_graph.Node.Count}") };
        node.Input.Add(value);
        node.Output.Add(name);
        _graph.Node.Add(node);
        return name;
    }

    /// <summary>Serialises the model.</summary>
    /// <param name="metadata">Key/value pairs stored in the model's <c>metadata_props</c>.</param>
    /// <param name="producerVersion">Version string of the producer.</param>
    public byte[] ToBytes(IReadOnlyDictionary<string, string>? metadata = null, string producerVersion = "0.1.0")
    {
        if (_graph.Output.Count == 0)
        {
            throw new InvalidOperationException("The graph has no output.");
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "PredictionSdk",
            ProducerVersion = producerVersion,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
            }
        }

        return model.ToByteArray();
    }

    private static ValueInfoProto ValueInfo(string name, OnnxDim[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var tensorShape = new TensorShapeProto();
        foreach (var dim in shape)
        {
            tensorShape.Dim.Add(dim.Symbol is null
                ? new TensorShapeProto.Types.Dimension { DimValue = dim.Size }
                : new TensorShapeProto.Types.Dimension { DimParam = dim.Symbol });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = tensorShape } },
        };
    }

    private static void CheckCount(string name, int count, long[] dims)
    {
        long expected = 1;
        foreach (long d in dims)
        {
            expected *= d;
        }

        if (expected != count)
        {
            throw new ArgumentException($"Initializer '{name}': shape [{string.Join(", ", dims)}] needs {expected} values; {count} were given.");
        }
    }

    private void Claim(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_names.Add(name))
        {
            throw new InvalidOperationException($"The value name '{name}' is already used in the graph.");
        }
    }
}

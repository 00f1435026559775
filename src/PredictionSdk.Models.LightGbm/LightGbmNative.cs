using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PredictionSdk.Models.Baselines;

/// <summary>The few LightGBM C API entry points the tree baseline uses (lib_lightgbm from the LightGBM package).</summary>
internal static partial class LightGbmNative
{
    private const string Library = "lib_lightgbm";
    public const int Float32 = 0;
    public const int Float64 = 1;
    public const int PredictNormal = 0;

    [LibraryImport(Library)]
    private static partial IntPtr LGBM_GetLastError();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_DatasetCreateFromMat(ReadOnlySpan<float> data, int dataType, int rows, int columns, int isRowMajor, string parameters, IntPtr reference, out DatasetHandle dataset);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_DatasetSetField(DatasetHandle dataset, string field, ReadOnlySpan<float> data, int count, int type);

    [LibraryImport(Library)]
    public static partial int LGBM_DatasetFree(IntPtr dataset);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterCreate(DatasetHandle train, string parameters, out BoosterHandle booster);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterUpdateOneIter(BoosterHandle booster, out int isFinished);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterPredictForMat(BoosterHandle booster, ReadOnlySpan<float> data, int dataType, int rows, int columns, int isRowMajor,
        int predictType, int startIteration, int numIteration, string parameters, out long outLength, Span<double> result);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterPredictForMatSingleRowFastInit(BoosterHandle booster, int predictType, int startIteration, int numIteration, int dataType, int columns,
        string parameters, out FastConfigHandle config);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterPredictForMatSingleRowFast(FastConfigHandle config, ReadOnlySpan<float> row, out long outLength, Span<double> result);

    [LibraryImport(Library)]
    public static partial int LGBM_FastConfigFree(IntPtr config);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterSaveModelToString(BoosterHandle booster, int startIteration, int numIteration, int importanceType, long bufferLength, out long outLength, Span<byte> output);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterLoadModelFromString(ReadOnlySpan<byte> model, out int iterations, out BoosterHandle booster);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterFree(IntPtr booster);

    /// <summary>Throws with LightGBM's own message when a call failed.</summary>
    public static void Check(int status, string call)
    {
        if (status != 0)
        {
            string message = Marshal.PtrToStringUTF8(LGBM_GetLastError()) ?? "unknown error";
            throw new InvalidOperationException($"LightGBM {call} failed: {message}");
        }
    }

    /// <summary>Owns a LightGBM dataset.</summary>
    public sealed class DatasetHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public DatasetHandle()
            : base(true)
        {
        }

        protected override bool ReleaseHandle() => LGBM_DatasetFree(handle) == 0;
    }

    /// <summary>Owns a prepared single-row prediction configuration (parsed once, reused per row).</summary>
    public sealed class FastConfigHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public FastConfigHandle()
            : base(true)
        {
        }

        protected override bool ReleaseHandle() => LGBM_FastConfigFree(handle) == 0;
    }

    /// <summary>Owns a LightGBM booster.</summary>
    public sealed class BoosterHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public BoosterHandle()
            : base(true)
        {
        }

        protected override bool ReleaseHandle() => LGBM_BoosterFree(handle) == 0;
    }
}

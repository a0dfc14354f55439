using NAudio.Wave;

namespace QueueEngine.Host.Storage;

/// <summary>What a WAV file's header says about its audio.</summary>
public sealed record WavInfo(long DurationSeconds, string Encoding, int SampleRate, int Channels);

/// <summary>Sound files on disk: uploads are written and checked under a temporary name first.</summary>
public static class SoundFiles
{
    /// <summary>
    /// Reads the WAV header (NAudio's RIFF reader). The duration is the data chunk's length over
    /// the format's byte rate, rounded up to whole seconds. Null with a reason when the file is not
    /// a usable WAV file.
    /// </summary>
    public static (WavInfo? Info, string? Error) ReadWav(string path)
    {
        try
        {
            using var reader = new WaveFileReader(path);
            var format = reader.WaveFormat;
            var fileLength = new FileInfo(path).Length;
            if (format.AverageBytesPerSecond <= 0) return (null, "has no byte rate in its WAV header");
            if (reader.Length <= 0) return (null, "contains no audio");
            if (reader.Length > fileLength) return (null, "is truncated: its data chunk is longer than the file");
            var seconds = (long)Math.Ceiling((double)reader.Length / format.AverageBytesPerSecond);
            return (new WavInfo(seconds, format.Encoding.ToString(), format.SampleRate, format.Channels), null);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or EndOfStreamException or IOException
                                      or ArgumentException or NotSupportedException or OverflowException)
        {
            return (null, "must be a WAV file (RIFF/WAVE with fmt and data chunks)");
        }
    }

    /// <summary>Copies an upload to a new file in <paramref name="directory"/>, flushed to disk.</summary>
    public static async Task<(string FileName, long Size)> SaveAsync(Stream upload, string directory, CancellationToken ct)
    {
        var fileName = $"{Guid.NewGuid():N}.wav";
        var path = Path.Combine(directory, fileName);
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await upload.CopyToAsync(file, ct);
        await file.FlushAsync(ct);
        file.Flush(flushToDisk: true);
        return (fileName, file.Length);
    }

    public static void TryDelete(string path, ILogger log)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            log.LogWarning(e, "Could not delete sound file {Path}", path);
        }
        catch (UnauthorizedAccessException e)
        {
            log.LogWarning(e, "Could not delete sound file {Path}", path);
        }
    }
}

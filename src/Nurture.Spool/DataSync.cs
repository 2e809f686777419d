using System.Runtime.InteropServices;

namespace Nurture.Spool;

/// <summary>
/// fdatasync: makes a file's data durable without its timestamps. Into blocks that are already allocated
/// and a size that does not change, that is one device write and flush instead of two (no inode write),
/// which is why the spool zero-fills ahead of its tail. .NET only offers fsync; elsewhere than Linux we use it.
/// </summary>
internal static partial class DataSync
{
    private const int Interrupted = 4; // EINTR

    public static void Flush(FileStream stream)
    {
        if (!OperatingSystem.IsLinux())
        {
            stream.Flush(flushToDisk: true);
            return;
        }
        stream.Flush();
        var handle = stream.SafeFileHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            int result;
            do result = Fdatasync(fd);
            while (result != 0 && Marshal.GetLastPInvokeError() == Interrupted);
            if (result != 0) throw new IOException($"fdatasync failed with errno {Marshal.GetLastPInvokeError()}");
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int Fdatasync(int fd);
}

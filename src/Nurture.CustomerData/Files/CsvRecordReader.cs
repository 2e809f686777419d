using System.Text;

namespace Nurture.CustomerData.Files;

/// <summary>
/// RFC 4180 records from text, one at a time: quoted cells with delimiters, line breaks and "" inside them;
/// CRLF, LF or CR between records. Lenient where Excel is (text after a closing quote is kept, a quote inside
/// an unquoted cell is a character), strict where guessing would corrupt data: a quote never closed stops
/// reading with the row it opened in. Memory stays bounded whatever the input: a cell stops growing one past
/// the length limit, a row one past the column limit.
/// </summary>
internal sealed class CsvRecordReader
{
    private const char Quote = '"';
    private const int End = -1;
    private static readonly char[] CandidateDelimiters = [',', ';', '\t'];

    private readonly TextReader _reader;
    private readonly SpreadsheetReadOptions _options;
    private readonly RecordBuilder _record;
    private readonly StringBuilder _cell = new();
    private readonly char[] _buffer = new char[64 * 1024];
    private int _position;
    private int _length;
    private int _rowNumber;

    public CsvRecordReader(TextReader reader, SpreadsheetReadOptions options)
    {
        (_reader, _options, _record) = (reader, options, new RecordBuilder(options));
        _length = reader.ReadBlock(_buffer, 0, _buffer.Length);
        Delimiter = DetectDelimiter();
    }

    public char Delimiter { get; }

    public IEnumerable<SourceRecord> ReadAll()
    {
        while (Peek() != End) yield return ReadRecord();
    }

    private SourceRecord ReadRecord()
    {
        _record.Begin(++_rowNumber);
        for (var column = 0; ; column++)
        {
            var cell = ReadCell(column);
            if (_record.HasRoomFor(column)) _record.Add(column, cell);
            var next = Read();
            if (next == Delimiter) continue;
            if (next == '\r' && Peek() == '\n') Read();
            return _record.End();
        }
    }

    private string ReadCell(int column)
    {
        _cell.Clear();
        if (Peek() == Quote)
        {
            Read();
            while (true)
            {
                var c = Read();
                if (c == End)
                    throw new UnreadableFileException(
                        $"a quoted cell in column {ExcelColumn.ToLetters(column)} is never closed (a \" is missing)", _rowNumber);
                if (c == Quote)
                {
                    if (Peek() != Quote) break;
                    Read();
                }
                Append(c);
            }
        }
        for (var c = Peek(); c != End && c != Delimiter && c != '\r' && c != '\n'; c = Peek()) Append(Read());
        return _cell.ToString();
    }

    // One character past the limit is kept so that RecordBuilder sees the cell was too long.
    private void Append(int c)
    {
        if (_cell.Length <= _options.MaxCellLength) _cell.Append((char)c);
    }

    // The delimiter that occurs most often outside quotes in the first line (the header); comma on a tie.
    private char DetectDelimiter()
    {
        var counts = new int[CandidateDelimiters.Length];
        var inQuotes = false;
        var i = 0;
        while (i < _length && _buffer[i] is '\r' or '\n') i++;
        for (; i < _length; i++)
        {
            var c = _buffer[i];
            if (c == Quote) inQuotes = !inQuotes;
            else if (!inQuotes && c is '\r' or '\n') break;
            else if (!inQuotes && Array.IndexOf(CandidateDelimiters, c) is var index and >= 0) counts[index]++;
        }
        var best = 0;
        for (var k = 1; k < counts.Length; k++) if (counts[k] > counts[best]) best = k;
        return CandidateDelimiters[best];
    }

    private int Peek()
    {
        if (_position < _length) return _buffer[_position];
        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0 ? _buffer[0] : End;
    }

    private int Read()
    {
        var c = Peek();
        if (c != End) _position++;
        return c;
    }
}

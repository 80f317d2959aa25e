using System.Security.Cryptography;

namespace NAPhoneline.Requests;

// Short codes people can read out and text back ("ACK 4821"); unique among open requests, enforced by the database.
public static class RequestCodes
{
    public static string Next(int attempt) =>
        RandomNumberGenerator.GetInt32(attempt < 8 ? 1000 : 10000, attempt < 8 ? 10000 : 100000)
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
}

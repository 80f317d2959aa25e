using System.Text;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.Tests.Telephony;

// Every vector of TWILIO.md section 1.8 (Twilio's C#, Python and Node test suites, Twilio.AspNet fixtures,
// and our own).
public sealed class SignatureVectorTests
{
    const string Token = "12345";
    const string Base = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const string BodyJson = "{\"property\": \"value\", \"boolean\": true}";
    const string BodyHash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";

    static readonly KeyValuePair<string, string>[] P =
    [
        new("CallSid", "CA1234567890ABCDE"), new("From", "+14158675309"), new("Digits", "1234"),
        new("To", "+18005551212"), new("Caller", "+14158675309"),
    ];

    static readonly KeyValuePair<string, string>[] S =
    [
        new("ToCountry", "US"), new("ToState", "OH"), new("SmsMessageSid", "SMcea2a3bd6f50296f8fab60f377db03eb"),
        new("NumMedia", "0"), new("ToCity", "UTICA"), new("FromZip", "20705"),
        new("SmsSid", "SMcea2a3bd6f50296f8fab60f377db03eb"), new("FromState", "DC"), new("SmsStatus", "received"),
        new("FromCity", "BELTSVILLE"), new("Body", "Ahoy!"), new("FromCountry", "US"), new("To", "+10123456789"),
        new("ToZip", "43037"), new("NumSegments", "1"), new("ReferralNumMedia", "0"),
        new("MessageSid", "SMcea2a3bd6f50296f8fab60f377db03eb"),
        new("AccountSid", "ACe718619887aac3ee5b21edafbvsdf6h7fgb"), new("From", "+10123456789"),
        new("ApiVersion", "2010-04-01"),
    ];

    [Theory]
    [InlineData("V1", "https://mycompany.com/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", true)]
    [InlineData("V2", "https://MyCompany.com/myapp.php?foo=1&bar=2", "g9IN/x4Cft2g517EjYvEvM/W7LU=", true)]
    [InlineData("V3", "https://MyCompany.com:1234/myapp.php?foo=1&bar=2", "PCqOZm8cnu/L6+u5i5fuEd+Iac4=", true)]
    [InlineData("V4", "http://MyCompany.com/myapp.php?foo=1&bar=2", "XY7AlKOKL6im4yWyX84gldUrtis=", true)]
    [InlineData("V5", "http://username:password@MyCompany.com/myapp.php?foo=1&bar=2", "PJ08CxXr7KLPjEQCTc8LkUSMwSM=",
        true)]
    [InlineData("V6", "HTTP://username:password@MyCompany.com/myapp.php?foo=1&bar=2", "hy/l8pca+LFms4cvRdv8uiP6NGc=",
        true)]
    [InlineData("V7", "http://Username:Password@MyCompany.com/myapp.php?foo=1&bar=2", "SkTSKyDJH9kUlhItI0slbgZ1UsI=",
        true)]
    [InlineData("V8", "https://MyCompany.com/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", false)]
    [InlineData("V9", "https://MyCompany.com:1234/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", false)]
    [InlineData("V10", "http://MyCompany.com/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", false)]
    [InlineData("V11", Base, "NOTRSOYDt4T1cUTdK1PDd93/VVr8B8=", false)]
    [InlineData("V16", "https://mycompany.com:1234/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", true)]
    [InlineData("V17", "http://mycompany.com:1234/myapp.php?foo=1&bar=2", "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=", true)]
    [InlineData("V18", Base, "kvajT1Ptam85bY51eRf/AJRuM3w=", true)]
    [InlineData("V19", "http://mycompany.com/myapp.php?foo=1&bar=2", "0ZXoZLH/DfblKGATFgpif+LLRf4=", true)]
    [InlineData("V20", "https://mycompany.com:1234/myapp.php?foo=1&bar=2", "CYn1h0gLBdNxDGkKJg6hYohgeD8=", true)]
    [InlineData("V26", "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2", "CukzLTc1tT5dXEDIHm/tKBanW10=", true)]
    [InlineData("V27", "https://user@mycompany.com/myapp.php?foo=1&bar=2", "2YRLlVAflCqxaNicjMpJcSTgzSs=", true)]
    [InlineData("V28", "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2", "ZQFR1PTIZXF2MXB8ZnKCvnnA+rI=", true)]
    [InlineData("V29", "https://mycompany.com/myapp.php?foo=1&bar=2&Body=It's+amazing", "TfZzewPq8wqrGlMfyAud8+/IvJ0=",
        true)]
    [InlineData("V-X1", "https://mycompany.com:443/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", true)]
    public void Form_vectors_with_the_standard_parameters(string name, string url, string signature, bool valid) =>
        Assert.True(valid == new SignatureValidator(Token).IsValid(url, P, signature), name);

    [Fact]
    public void V31_old_documentation_example() =>
        Assert.True(new SignatureValidator(Token).IsValid(Base,
            [new("CallSid", "CA1234567890ABCDE"), new("From", "+12349013030"), new("To", "+18005551212"),
                new("Caller", "+12349013030"), new("Digits", "1234")],
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="));

    [Fact]
    public void V22_and_V23_the_sms_benchmark_parameters_with_and_without_a_port()
    {
        var validator = new SignatureValidator(Token);

        Assert.True(validator.IsValid(Base, S, "3LL3BFKOcn80artVM5inMPFpmtU="));
        Assert.True(validator.IsValid("HTTP://MyCompany.com:8080/myapp.php?foo=1&bar=2", S,
            "eYYN9fMlxrQMXOsr7bIzoPTrbxA="));
    }

    [Fact]
    public void V24_repeated_keys_sign_each_distinct_value_in_order() =>
        Assert.True(new SignatureValidator(Token).IsValid(Base,
            [new("Sid", "CA123"), new("SidAccount", "AC123"), new("Digits", "5678"), new("Digits", "1234"),
                new("Digits", "1234")],
            "IK+Dwps556ElfBT0I3Rgjkr1wJU="));

    [Theory]
    [InlineData("+1325xxxxxxx", "+1415xxxxxxx")]
    [InlineData("+1415xxxxxxx", "+1325xxxxxxx")]
    public void V30_an_array_parameter_validates_in_either_order(string first, string second) =>
        Assert.True(new SignatureValidator(Token).IsValid(Base,
            [new("MessagingBinding.Address", first), new("MessagingBinding.Address", second)],
            "83O6e2vORAoJHUNzJjDWN1jz+BA="));

    [Theory]
    [InlineData("V13", "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=" + BodyHash,
        "a9nBmqA0ju/hNViExpshrM61xv4=", true)]
    [InlineData("V14", "https://mycompany.com/myapp.php?bodySHA256=" + BodyHash, "y77kIzt2vzLz71DgmJGsen2scGs=", true)]
    [InlineData("V15", Base, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", false)]
    public void Json_vectors_check_the_url_and_the_body_hash(string name, string url, string signature, bool valid) =>
        Assert.True(valid == new SignatureValidator(Token)
            .IsValidJson(url, Encoding.UTF8.GetBytes(BodyJson), signature), name);

    [Fact]
    public void V12_the_body_hash_is_lowercase_hex_sha256() =>
        Assert.Equal(BodyHash,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(BodyJson))));

    [Fact]
    public void V25_an_empty_json_body_with_the_default_port() =>
        Assert.True(new SignatureValidator(Token).IsValidJson(
            "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
            "{}"u8, "Ldidvp12m26NI7eqEvxnEpkd9Hc="));

    [Fact]
    public void A_json_body_that_was_tampered_with_fails_even_with_a_valid_url_signature() =>
        Assert.False(new SignatureValidator(Token)
            .IsValidJson("https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=" + BodyHash,
            Encoding.UTF8.GetBytes(BodyJson.Replace("true", "false", StringComparison.Ordinal)),
            "a9nBmqA0ju/hNViExpshrM61xv4="));

    [Fact]
    public void V21_garbage_never_throws() =>
        Assert.False(new SignatureValidator("secret").IsValidJson("https://foo.com", "123"u8, "foo"));

    [Theory]
    [InlineData("V-N1", "https://example.com/path?test=param", "loLgTitFAoWx57yy5oEU4Hlddzw=", true)]
    [InlineData("V-N1 with :443", "https://example.com:443/path?test=param", "loLgTitFAoWx57yy5oEU4Hlddzw=", true)]
    [InlineData("V-N1 other query", "https://example.com/path?test=param2", "loLgTitFAoWx57yy5oEU4Hlddzw=", false)]
    [InlineData("V-N2", "https://example.com/path?test=param", "IdwMFypqvNxti3YgvWWmfcNL26M=", true)]
    [InlineData("V-N2 with :443", "https://example.com:443/path?test=param", "IdwMFypqvNxti3YgvWWmfcNL26M=", true)]
    [InlineData("V-N3", "https://example.com/path?test=param2", "De7bak0ehNIYPffbL8v7JywCK2Y=", true)]
    [InlineData("V-N4 quote", "https://example.com/path?test=param'WithQuote", "GfI7onHX/KQ2k1oVS3cUTVk4IEw=", true)]
    [InlineData("V-N4 escaped", "https://example.com/path?test=param%27WithQuote", "GfI7onHX/KQ2k1oVS3cUTVk4IEw=",
        true)]
    [InlineData("V-N5 escaped", "https://example.com/path?test=param%27WithQuote", "HkuXLxVQ7zHv9LmGpzlLuGaxhJY=",
        true)]
    [InlineData("V-N5 quote", "https://example.com/path?test=param'WithQuote", "HkuXLxVQ7zHv9LmGpzlLuGaxhJY=", true)]
    public void Node_webhook_vectors(string name, string url, string signature, bool valid) =>
        Assert.True(valid == new SignatureValidator("s3cr3t").IsValid(url, [], signature), name);

    [Theory]
    [InlineData("V-A1", "thisisafakeauthtoken", "https://api.example.com/webhook", false,
        "ShVLeVFvgnhl6L+/+WD3mmS++uA=")]
    [InlineData("V-A2", "thisisafakeauthtoken", "https://api.example.com/webhook", true,
        "tu7JvEvVVjIE4feJP2HQYrb/cEk=")]
    [InlineData("V-A3", "thisisafakeauthtoken", "https://example.com/", false, "N19AyAWVJiuS45FYM5QL/5V+Lto=")]
    public void Twilio_AspNet_fixtures(string name, string token, string url, bool withForm, string signature) =>
        Assert.True(new SignatureValidator(token)
            .IsValid(url, withForm ? [new("key1", "value1"), new("key2", "value2")] : null, signature), name);

    [Fact]
    public void V_A4_sms_with_a_base_url_override() =>
        Assert.True(new SignatureValidator("My Twilio:RequestValidation:AuthToken").IsValid(
            "https://example.localhost/sms",
            [new("From", "+1234567890"), new("Body", "Ahoy!")], "obhypHZXTJ1HNYJsicdKdPvURXk="));

    [Fact]
    public void D1_a_get_request_signs_the_url_with_its_query_in_the_order_sent() =>
        Assert.True(new SignatureValidator(Token)
            .IsValid("https://example.com/voice/gather?Digits=1&CallSid=CA123&From=%2B15551234567", null,
            "51cD5amW7Qqbx7efZSu3sPEJMc4="));

    [Fact]
    public void D2_non_ascii_bodies_are_signed_as_utf8_and_empty_values_count() =>
        Assert.True(new SignatureValidator(Token).IsValid("https://example.com/sms",
            [new("Body", "Café ☕"), new("From", "+15551234567"), new("FromCity", ""), new("To", "+15557654321")],
            "ahX7agjVVzPjVi8aHybd3kXbLIw="));

    [Fact]
    public void D3_keys_sort_ordinally_so_a_case_insensitive_signature_is_refused()
    {
        KeyValuePair<string, string>[] form = [new("b", "2"), new("A", "1"), new("a", "3"), new("B", "4")];
        var validator = new SignatureValidator(Token);

        Assert.True(validator.IsValid("https://example.com/x", form, "lNXIJGdfP11uVM5Y/l7QUr9zD/g="));
        Assert.False(validator.IsValid("https://example.com/x", form, "1ns7y9q6BAlaSvdFxN3lGDoEeaw="));
    }

    [Fact]
    public void D4_the_raw_target_validates_and_a_decoded_path_does_not()
    {
        var validator = new SignatureValidator(Token);

        Assert.True(validator.IsValid("https://example.com/a%7Eb/voice?x=It%27s+ok", null,
            "aGpt6Kp8iBOOQj7Ma0hL1ugPcHI="));
        Assert.False(validator.IsValid("https://example.com/a~b/voice?x=It%27s+ok", null,
            "aGpt6Kp8iBOOQj7Ma0hL1ugPcHI="));
    }

    [Fact]
    public void D5_a_json_status_event() =>
        Assert.True(new SignatureValidator(Token).IsValidJson(
            "https://example.com/events?bodySHA256=5d32534f33f1a2d4ced73fab1f48e7b50b670e1018d048bc8c6c6370af16aabd",
            Encoding.UTF8.GetBytes("{\"CallSid\":\"CA123\",\"Status\":\"completed\"}"),
            "pSAksaXaqpL/+JmqhyuHL/nnPCE="));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_signature_is_invalid_and_never_throws(string? signature) =>
        Assert.False(new SignatureValidator(Token).IsValid(Base, P, signature));

    [Fact]
    public void A_tampered_digit_fails() =>
        Assert.False(new SignatureValidator(Token).IsValid(Base,
            P.Select(p => p.Key == "Digits" ? new KeyValuePair<string, string>("Digits", "1235") : p),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8="));

    [Fact]
    public void Computes_the_signature_it_validates() =>
        Assert.Equal("RSOYDt4T1cUTdK1PDd93/VVr8B8=", SignatureValidator.ComputeSignature(Token, Base, P));
}

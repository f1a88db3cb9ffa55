using System.Security.Cryptography;
using System.Text;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;
using PyChat.Protocol.Frames;

namespace PyChat.Client.Internal;

internal sealed partial class RoomSession
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A Chat payload of <paramref name="text"/> under the current epoch, for Publish.</summary>
    /// <exception cref="InvalidOperationException">
    /// No key to send with (<see cref="HasKey"/>): none yet, or a member left and the hub's next key has not
    /// arrived. Wait for <see cref="KeyRotated"/>.
    /// </exception>
    /// <exception cref="InvalidOperationException">A member's changed identity key is not trusted (<see cref="SendsHeldBy"/>).</exception>
    /// <exception cref="ArgumentException">The text is longer than <see cref="MaxTextBytes"/> in UTF-8.</exception>
    public byte[] EncryptMessage(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!HasKey)
        {
            throw new InvalidOperationException("no room key to send with yet: wait for KeyRotated");
        }

        if (SendsHeldBy.Count > 0)
        {
            throw new InvalidOperationException("sends are held: a member's changed identity key is not trusted (SendsHeld)");
        }

        var plaintext = Encoding.UTF8.GetBytes(text);
        try
        {
            if (plaintext.Length > MaxTextBytes)
            {
                throw new ArgumentException($"message longer than {MaxTextBytes} bytes of UTF-8", nameof(text));
            }

            RotateIfDue();
            return EncryptChat(plaintext, ++_sequence, Now);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>A payload another member published. Raises a message, a key rotation or a rejection; never throws for its content.</summary>
    public void OnDeliver(DeliverFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        EnsureFrameFor(frame.Room);
        if (!TakeOffset(frame.Offset))
        {
            return;
        }

        var payload = frame.Payload;
        if (string.Equals(frame.Sender, _self, StringComparison.Ordinal))
        {
            // The relay replays a member's own Deliver frames on resume (§5.1): one of this session's messages was
            // ordered there, whether or not its acknowledgement arrived. Nothing to show.
            OnOwnDeliver(payload, frame.Offset);
            return;
        }

        var sender = Find(frame.Sender);
        if (sender is null)
        {
            Reject(frame.Sender, RejectionReason.UnknownSender, "the sender is not a member of the room");
            return;
        }

        if (payload.Length < PayloadTranscript.MinimumPayloadSize)
        {
            Reject(sender.Name, RejectionReason.Malformed, $"payload of {payload.Length} bytes is shorter than a signature");
            return;
        }

        // The signature is checked before anything else in the payload is believed.
        if (!PayloadTranscript.Verify(sender.IdentityKey, _room, sender.Name, payload.Span))
        {
            Reject(sender.Name, RejectionReason.BadSignature, "payload signature does not verify with the sender's identity key");
            return;
        }

        switch ((PayloadKind)payload.Span[0])
        {
            case PayloadKind.Chat:
                ReceiveChat(sender, payload);
                break;
            case PayloadKind.Rekey:
                ReceiveRekey(sender, payload);
                break;
            default:
                Reject(sender.Name, RejectionReason.Malformed, $"payload kind 0x{payload.Span[0]:x2} is not expected in Deliver");
                break;
        }
    }

    private void ReceiveChat(RoomMemberState sender, ReadOnlyMemory<byte> payload)
    {
        if (!ChatPayload.TryDecode(payload, out var chat))
        {
            Reject(sender.Name, RejectionReason.Malformed, "chat does not decode");
            return;
        }

        if (chat.Epoch < sender.MinimumEpoch)
        {
            Reject(sender.Name, RejectionReason.Replay, $"epoch {chat.Epoch} predates the sender's current stay in the room");
            return;
        }

        if (chat.Sequence <= sender.LastSequence && !MayComeAgain(sender, chat.Sequence))
        {
            Reject(sender.Name, RejectionReason.Replay, $"sequence {chat.Sequence} is not above {sender.LastSequence}");
            return;
        }

        NoteSequence(sender, chat.Sequence);

        // Who was present at this chat's place in the room's order decides whether its re-send will come (§6.5).
        var present = _members.ToArray();

        // An epoch no Rekey has announced yet: wait a little for it. Later messages of the same sender
        // wait behind it, so a sender's messages are shown in order.
        if (chat.Epoch > _keys.HighestSeen || _pending.Exists(p => p.Sender == sender))
        {
            Hold(sender, chat, present);
            return;
        }

        Open(sender, chat, present);
    }

    private void Hold(RoomMemberState sender, ChatPayload chat, RoomMemberState[] present)
    {
        if (_pending.Count >= _options.PendingMessageLimit)
        {
            Reject(sender.Name, RejectionReason.KeyNotReceived, $"too many messages waiting for keys; epoch {chat.Epoch} dropped");
            return;
        }

        // Bounded per sender too: one member's flood fills its own share, not the room's.
        if (_pending.Count(p => p.Sender == sender) >= _options.PendingMessagesPerSender)
        {
            Reject(sender.Name, RejectionReason.KeyNotReceived, $"too many of this sender's messages waiting for keys; epoch {chat.Epoch} dropped");
            return;
        }

        // The frame's buffer may be reused by the network client: keep a copy.
        _pending.Add(new PendingChat(sender, chat with { Token = chat.Token.ToArray() }, Now, present));
    }

    private void Open(RoomMemberState sender, ChatPayload chat, IReadOnlyList<RoomMemberState> present)
    {
        var now = Now;
        if (chat.Sequence <= sender.LastSequence && !MayComeAgain(sender, chat.Sequence))
        {
            Reject(sender.Name, RejectionReason.Replay, $"sequence {chat.Sequence} is not above {sender.LastSequence}");
            return;
        }

        if (!_keys.TryGet(chat.Epoch, now, out var key))
        {
            if (AwaitsResend(chat.Epoch))
            {
                // Made before this client's first key and ordered after its join: its sender sends it again
                // under a key this client holds (§6.5). Nothing to show or report until then.
                AwaitResend(sender, chat);
                return;
            }

            var reason = _keys.WasMissed(chat.Epoch) ? RejectionReason.KeyNotReceived : RejectionReason.UnknownEpoch;
            Reject(sender.Name, reason, $"no key held for epoch {chat.Epoch}");
            return;
        }

        if (!Fernet.TryDecrypt(key, chat.Token.Span, _messageValidation, now, out var plaintext, out var error))
        {
            Reject(sender.Name, ReasonFor(error), $"token does not open: {error}");
            return;
        }

        string text;
        byte[] digest;
        try
        {
            text = StrictUtf8.GetString(plaintext);
            digest = TextDigest(plaintext);
        }
        catch (DecoderFallbackException)
        {
            Reject(sender.Name, RejectionReason.Malformed, "message text is not valid UTF-8");
            return;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        if (sender.ResendCandidates.TryGetValue(chat.Sequence, out var shown))
        {
            // Shown here already. Its re-send (a newer epoch, the same text, the sender's signature) is dropped quietly;
            // anything else under that sequence is a replay or a forgery.
            // Each re-send is under a newer epoch than the copy before it, so a copy replayed is refused too.
            if (chat.Epoch <= shown.Epoch || !CryptographicOperations.FixedTimeEquals(digest, shown.Digest))
            {
                Reject(sender.Name, RejectionReason.Replay, $"sequence {chat.Sequence} was shown already, under epoch {shown.Epoch}; this is not its re-send");
            }
            else
            {
                sender.ResendCandidates[chat.Sequence] = shown with { Epoch = chat.Epoch };
            }

            return;
        }

        sender.AwaitedResends.Remove(chat.Sequence);
        sender.LastSequence = Math.Max(sender.LastSequence, chat.Sequence);
        _chatsInEpoch++;
        if (SomeoneCouldNotRead(chat.Epoch, sender, present))
        {
            Remember(sender.ResendCandidates, chat.Sequence, new ShownChat(chat.Epoch, digest, now));
        }

        var sentAt = ChatPayload.ReadTokenTimestamp(chat.Token.Span);
        Raise(new MessageReceived(_room, now, sender.Name, text, sentAt, chat.Epoch, TrustOf(sender)) { CaughtUp = CatchingUp });
        RotateIfDue();
    }

    /// <summary>
    /// Held messages: open those whose epoch has been announced (or reject them if its key is not
    /// held), give up on those that waited too long, keep the rest in arrival order.
    /// </summary>
    private void FlushPending()
    {
        if (_flushing || _pending.Count == 0)
        {
            return;
        }

        _flushing = true;
        try
        {
            var now = Now;
            var waiting = new List<PendingChat>();
            var blocked = new HashSet<RoomMemberState>();
            foreach (var held in _pending)
            {
                if (now - held.ReceivedAt >= _options.PendingMessageTimeout && (held.Chat.Epoch > _keys.HighestSeen || blocked.Contains(held.Sender)))
                {
                    Reject(held.Sender.Name, RejectionReason.KeyNotReceived, $"no key for epoch {held.Chat.Epoch} arrived in time");
                }
                else if (held.Chat.Epoch > _keys.HighestSeen || blocked.Contains(held.Sender))
                {
                    waiting.Add(held);
                    blocked.Add(held.Sender);
                }
                else
                {
                    Open(held.Sender, held.Chat, held.Present);
                }
            }

            _pending = waiting;
        }
        finally
        {
            _flushing = false;
        }
    }

    /// <summary>A changed key stays <see cref="PeerTrust.Changed"/> until the application trusts it.</summary>
    private PeerTrust TrustOf(RoomMemberState sender)
    {
        if (sender.Trust == PeerTrust.Changed)
        {
            OnTrustChanged();
        }

        return sender.Trust;
    }

    private static RejectionReason ReasonFor(FernetError error) => error switch
    {
        FernetError.InvalidMac => RejectionReason.Tampered,
        FernetError.Expired => RejectionReason.Expired,
        FernetError.FromTheFuture => RejectionReason.FromTheFuture,
        _ => RejectionReason.Malformed,
    };
}

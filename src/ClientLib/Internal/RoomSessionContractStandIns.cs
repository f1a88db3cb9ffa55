using PyChat.Protocol.Frames;

namespace PyChat.Client.Internal;

/// <summary>
/// Stand-ins for the members the session engineer adds to <see cref="RoomSession"/> in parallel (offsets and
/// resume). They are extension members with the contract's exact names: once RoomSession has the real ones, the
/// compiler binds every call to those (instance members win), and this file can be deleted.
/// </summary>
internal static class RoomSessionContractStandIns
{
    extension(RoomSession session)
    {
        /// <summary>Contract: set from ResumeRoom until RoomResumed; the session marks messages raised meanwhile as caught up. Stand-in: not kept.</summary>
        public bool CatchingUp
        {
            get => false;
            set => _ = value;
        }

        /// <summary>
        /// Contract: follow the hub RoomResumed names. Stand-in: a MemberBack for the named hub (never away, so it changes
        /// nothing but the hub) does exactly that through the session's public surface.
        /// </summary>
        public void OnRoomResumed(RoomResumedFrame frame) =>
            session.OnMemberBack(new MemberBackFrame(frame.Room, frame.Offset, frame.Hub, frame.Hub));

        /// <summary>Contract: a Publish of this room was ordered at <paramref name="offset"/>. Stand-in: nothing to do.</summary>
        public void OnPublished(byte[] payload, ulong offset)
        {
            _ = payload;
            _ = offset;
        }
    }
}

"""Re-record the example saves in saves/ from their choice paths, after the campaign changes.

Run from the repository: `.venv/bin/python scripts/record_example_saves.py`. Each path is the list
of choice ids (`id:N` forces a random choice's outcome N) that a save takes; the script checks that
each ends where it should and prints its fidelity. If a path no longer applies, `replay --verify`
and the tests say which save and which step; fix the path here and run this again.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from petrograd1917.engine.game import Game
from petrograd1917.engine.loading import open_machine
from petrograd1917.savegame.saveformat import SaveFile
from petrograd1917.savegame.store import SaveStore

machine = open_machine(use_cache=False)
store = SaveStore(Path(__file__).resolve().parent.parent / "saves")

def record(name, label, role, steps, seed=1, expect_ending=None, expect_scene=None):
    g = Game.new(machine, role, seed)
    for step in steps:
        cid, _, out = step.partition(":")
        g.choose(cid, int(out) if out else None)
    if expect_ending:
        assert g.scene.ending and g.scene.ending.id == expect_ending, (name, g.state)
    if expect_scene:
        assert g.state == expect_scene, (name, g.state)
    from petrograd1917.history.judge import fidelity, judged_steps
    f = fidelity(judged_steps(g.story, g.log))
    store.write(SaveFile.of(g, label), name)
    print(f"{name}: {len(g.log)} choices, at {g.state}, fidelity {f}")
    return g

W_HIST = """sign_with_committee go_out_tonight go_with_agitators learn_from_savely wait_for_the_delegate ride_with_delegates
go_to_smolny wake_the_soldier fetch_a_rifle promise_pavel stand_for_deputy vote_against_presidium lead_a_ten stop_the_crates
learn_the_maxim tell_the_truth hold_him answer_grisha raise_your_hand sign_for_the_ten hold_the_barricade let_them_through
march_to_the_telegraph keep_the_door paste_and_argue wait_with_your_ten keep_the_ten_by_the_fire move_up_to_the_wall
keep_the_crowd_off go_in_by_the_side_door stop_the_looting let_her_pass keep_the_ring into_the_hall_with_semyon
sing_with_the_hall stay_to_the_end tell_her_yes go_south_now dig_in talk_the_men_through_the_night hold_your_trench
on_to_gatchina share_tobacco tell_the_side_door""".split()
W_PALACE = W_HIST[:W_HIST.index("sing_with_the_hall")]  # the Red Guard's road to the Congress hall
W_TRENCH = """sign_with_committee go_out_tonight take_a_rifle hold_the_line calm_the_boy pay_the_carter go_to_smolny wake_the_soldier
hide_the_rifle promise_pavel stand_for_deputy vote_against_presidium lead_a_ten""".split()
W_RISING = """learn_the_maxim tell_the_truth hold_him answer_grisha raise_your_hand sign_for_the_ten hold_the_barricade
let_them_through march_to_the_telegraph keep_the_door paste_and_argue""".split()
W_NIGHT = """move_up_to_the_wall keep_the_crowd_off go_in_by_the_side_door stop_the_looting let_her_pass keep_the_ring
into_the_hall_with_semyon""".split()
W_LOST = W_TRENCH + ["fetch_lebedev"] + W_RISING + ["go_to_the_woodpiles", "go_and_look_at_the_square"] + W_NIGHT + \
    "hold_your_tongue stay_to_the_end tell_her_yes sit_with_kolya night_patrol sleep_in_your_greatcoat go_back_with_them carry_pavel".split()
W_VIKZHEL = W_TRENCH + ["stop_the_crates"] + W_RISING + ["wait_with_your_ten", "keep_the_ten_by_the_fire"] + W_NIGHT + \
    "sing_with_the_hall follow_the_railwayman give_him_your_name go_to_the_railwaymen carry_the_vulkans_greeting_in".split()
W_DERAIL = "sign_with_committee go_out_tonight take_a_rifle ride_south face_the_officer wreck_the_line pull_out_the_sergeant help_fedot".split()
record("worker-history", "Andrei follows history, August to November", "worker", W_HIST, seed=3,
       expect_ending="red_october_worker")
record("worker-act2-history", "Andrei follows history to the eve of the rising (end of Act II)", "worker",
       W_HIST[:W_HIST.index("tell_the_truth") + 1], seed=3, expect_scene="w_lesnoy_watch")
record("worker-derailed", "Andrei wrecks Kornilov's echelon", "worker", W_DERAIL + ["stay_hidden", "tell_lebedev"],
       expect_ending="derailed")
record("worker-vyritsa-hostage", "Andrei gives himself up to the riders at Vyritsa", "worker",
       W_DERAIL + ["give_yourself_up"], expect_ending="vyritsa_hostage")
record("worker-pulkovo-lost", "Andrei's Red Guards break at Pulkovo", "worker",
       W_LOST + "hold_the_barricade_again take_mitkas_rifle".split(), seed=3, expect_ending="pulkovo_lost")
record("worker-pulkovo-amnesty", "Andrei takes Grisha's amnesty after Pulkovo", "worker",
       W_LOST + ["go_with_grisha"], seed=3, expect_ending="pulkovo_amnesty")
record("worker-talks-fail", "Andrei goes to the railwaymen's talks, which fail", "worker",
       W_VIKZHEL + "vote_with_lebedev tell_the_storming".split(), seed=3, expect_ending="talks_fail")
record("worker-all-socialist", "Andrei reads the Vulkan's resolution from the gallery: a coalition", "worker",
       W_VIKZHEL + "speak_for_the_coalition read_the_vulkans_resolution back_to_the_lathe vote_and_hand_in_the_rifle".split(),
       seed=3, expect_ending="all_socialist")
record("worker-coalition-knife", "Andrei's coalition stands, with the rifles kept", "worker",
       W_VIKZHEL + "speak_for_the_coalition read_the_vulkans_resolution back_to_the_lathe vote_and_keep_the_rifle".split(),
       seed=3, expect_ending="coalition_knife")

V_HIST = """fall_in call_duty_officer refuse_silently back_to_camp go_out_to_lidia know_nothing stay_for_the_front
say_nothing_oath stay_to_the_end hold_your_place share_bread let_vera_go stand_for_the_front rifle_range shoot_with_lidia
pack_and_sleep volunteer_for_the_bridges help_at_the_winch walk_the_platoon_back believe_he_returns build_the_wall
keep_your_post report_the_wavering go_with_company lay_it_down sit_with_marusya count_the_company wait_quietly
go_with_the_company sleep_against_marusya read_it_aloud talk_lidia_round:0 watch_them_go tell_the_137
answer_and_go_home""".split()
V_RELEASED = V_HIST[:V_HIST.index("wait_quietly") + 1]  # out of the Grenadier barracks on the 26th
V_PALACE = V_HIST[:V_HIST.index("build_the_wall") + 1]  # the firewood wall, 25 October
record("volunteer-history", "Nadya follows history, August to November", "volunteer", V_HIST, expect_ending="levashovo")
record("volunteer-act2-history", "Nadya follows history to the eve of the rising (end of Act II)", "volunteer",
       V_HIST[:V_HIST.index("stand_for_the_front") + 1])
record("volunteer-the-don-road", "Nadya goes south after Lidia", "volunteer",
       V_RELEASED + "go_with_the_company sleep_against_marusya read_it_aloud go_with_lidia surrender_with_the_cadets:0 watch_them_go tell_the_137 promise_lidia".split(),
       expect_ending="the_don_road")
record("volunteer-petersburg-side", "Nadya goes home to her mother's and stays", "volunteer",
       V_RELEASED + "slip_away_home stay_in_the_city read_the_peace_yourself let_her_go stay_in_with_mother tell_kerensky_in_his_tunic".split(),
       expect_ending="petersburg_side")
record("volunteer-cadets-saved", "Nadya takes a white sheet to the Vladimir school", "volunteer",
       V_RELEASED + "slip_away_home stay_in_the_city go_and_look_at_the_school keep_her_here take_the_white_sheet give_their_names_to_the_commissar".split(),
       expect_ending="cadets_saved")
record("volunteer-cadets-to-the-don", "Nadya lets three cadets go south", "volunteer",
       V_RELEASED + "slip_away_home stay_in_the_city go_and_look_at_the_school let_her_go take_the_white_sheet let_three_boys_slip_away".split(),
       expect_ending="cadets_to_the_don")
record("volunteer-generals-city", "Nadya opens the road for Kornilov", "volunteer",
       "side_with_lidia call_duty_officer join_gorsky send_line_clear follow_to_the_bridge fire_over_heads:0".split(),
       expect_ending="generals_city")
record("volunteer-across-the-river", "Nadya crosses the Neva to her mother in the generals' city", "volunteer",
       "side_with_lidia call_duty_officer join_gorsky send_line_clear guard_the_prisoners refuse_to_fire cross_the_river_to_your_mother".split(),
       expect_ending="across_the_river")
record("volunteer-palace-holds", "Nadya's company holds the Winter Palace", "volunteer",
       V_PALACE + "hear_gorsky_out report_the_wavering gorsky_plan hold_the_gallery stay_at_the_window one_more_night".split(),
       expect_ending="palace_holds")
record("volunteer-palace-opens", "Nadya opens the Jordan door on the third morning", "volunteer",
       V_PALACE + "hear_gorsky_out report_the_wavering gorsky_plan go_to_the_wounded carry_the_flag open_the_gates".split(),
       expect_ending="palace_opens")

S_HIST = """speak_for_the_city go_to_kresty carry_the_advice hold_yefim_back go_to_smolny take_the_form hide_the_rifle
sign_the_ledger write_take_the_land carry_the_resolution talk_them_down go_to_smolny_chairman ship_stays take_the_watch
be_the_runner go_to_smolny_with_deputy carry_the_order raise_your_hand back_belyshev sound_the_channel
go_ashore_with_electricians stay_on_the_bridge_guard stay_aboard check_the_blank go_forward_to_the_gun_layer pass_the_blank
help_panteleev_with_the_log go_ashore_to_the_palace keep_with_the_petty_officer stop_the_looting shield_the_minister
sleep_at_smolny down_to_the_benches sign_for_the_south protect_the_cadets run_the_maxim search_on write_the_legend""".split()
record("sailor-history", "Semyon follows history, August to November", "sailor", S_HIST, expect_ending="red_october_sailor")
record("sailor-act2-history", "Semyon follows history to the eve of the rising (end of Act II)", "sailor", S_HIST[:15])
S_SEPT = "raise_your_hand go_south talk_to_the_cossacks give_him_your_name go_with_yefim hide_the_rifle".split()
record("sailor-second-july", "Semyon marches with Yefim in September", "sailor",
       S_SEPT + "stay_your_own_man send_money call_to_sail march_with_yefim press_on drag_yefim give_yourself_up".split(),
       expect_ending="second_july")
record("sailor-kronstadt-island", "Semyon's march ends on a blockaded Kronstadt", "sailor",
       S_SEPT + "join_the_anarchists write_take_the_land call_to_sail march_with_yefim press_on fire_back run_for_kronstadt speak_on_anchor_square".split(),
       expect_ending="kronstadt_island")
S_LIVE = """speak_for_the_city go_to_kresty argue_for_arrests let_him_talk go_with_yefim hide_the_rifle sign_the_ledger
write_take_the_land carry_the_resolution ask_smolny go_to_smolny_chairman ship_stays take_the_watch be_the_runner
go_to_smolny_with_deputy carry_the_order raise_your_hand back_belyshev sound_the_channel go_ashore_with_electricians
stay_on_the_bridge_guard stay_aboard live_round_ready stay_by_the_locker_with_yefim pass_the_live_shell""".split()
record("sailor-aurora-fires", "Semyon passes a live shell to the Aurora's gun", "sailor",
       S_LIVE + "second_round carry_the_wounded tell_the_truth".split(), expect_ending="aurora_fires")
record("sailor-yefim-takes-it", "Semyon lets Yefim answer for the live shell", "sailor",
       S_LIVE + "let_them_take_you slip_away let_yefim_carry_it".split(), expect_ending="yefim_takes_it")

D_HIST = """go_to_the_junction tell_the_marching_company vote_power_to_the_soviets sit_with_the_soviets
vote_against_coalition take_the_night_train_home leave_it_to_the_land_committees carry_the_grain_to_the_commune_barn
promise_to_be_back_before_the_snow argue_for_all_power_to_the_soviets register_at_once write_all_power_to_the_soviets
share_your_bread_with_danila keep_out_of_the_mrc go_and_find_the_left_srs go_to_the_sr_fraction
vote_with_the_left take_a_seat_among_the_soldiers applaud_the_new_presidium raise_your_card_for_martov stay_in_your_seat
let_yakov_go cheer_the_news vote_for_it_and_wire_kozlov wire_all_power_has_passed_to_the_soviets refuse_with_kamkov
vote_and_sing copy_the_decree_for_sosnovka stay_for_the_new_cec argue_for_a_ceasefire_first
find_danila_at_the_dressing_station record_it_and_wait stay_for_the_peasants_congress
tell_them_we_were_the_majority_they_needed""".split()
D_DECREE = D_HIST[:D_HIST.index("stay_for_the_new_cec")]
record("delegate-history", "Matvei follows history, August to November", "delegate", D_HIST,
       expect_ending="hall_stays_full")
record("delegate-act2-history", "Matvei follows history to his election to the Congress (end of Act II)", "delegate",
       D_HIST[:D_HIST.index("register_at_once")])
record("delegate-land-comes-home", "Matvei takes the Land Decree home to Sosnovka", "delegate",
       D_DECREE + """take_the_decree_home ride_the_footplate_with_kuzma read_the_decree_to_the_waiting_room
side_with_the_soviet tell_them_it_was_our_mandate_they_took""".split(), expect_ending="land_comes_home")
record("delegate-arrested", "Matvei walks out, carries the Committee's orders and is taken with the cadets", "delegate",
       D_HIST[:D_HIST.index("vote_with_the_left")] + """vote_with_the_central_committee sign_the_declaration
applaud_the_new_presidium raise_your_card_for_martov walk_out_with_your_fraction march_back_to_the_duma
join_the_committee_for_salvation carry_the_committees_orders_to_the_cadets surrender_with_the_cadets
tell_it_as_sukhanov_would""".split(), expect_ending="arrested")
record("delegate-coalition-week", "Matvei carries the Vikzhel draft to the Executive; the coalition lasts a week",
       "delegate", D_DECREE + """follow_the_railwayman carry_vikzhels_terms_to_the_left_srs take_the_minutes
stay_with_the_talks carry_the_draft_to_the_cec_tonight stand_for_the_peoples_council let_it_break""".split(),
       expect_ending="a_week_of_coalition")
record("delegate-assembly-meets", "Matvei holds Martov in the hall; the coalition holds until the Assembly", "delegate",
       """go_up_to_the_regiment vouch_for_the_captain vote_with_the_executive sit_with_the_soviets vote_against_coalition
stay_for_the_railwaymen argue_for_the_soldiers_bread_trains stay_with_chernovs_centre read_the_papers_all_night
write_a_government_of_all_the_socialists register_at_once write_all_power_to_the_soviets
argue_with_danila_about_a_rising_before_the_congress carry_a_commissars_mandate go_and_find_yakov go_to_the_sr_fraction
go_and_find_yakov_and_martov promise_yakov_to_stand_by_martov shout_for_the_mensheviks_to_take_their_seats
ask_for_the_floor_for_the_provinces stay_in_your_seat hold_martov_back go_to_the_duma_with_the_commission
concede_no_lenin_no_trotsky stand_for_the_peoples_council hold_the_left_srs_in_the_coalition""".split(),
       expect_ending="the_assembly_meets")

C_HIST = """copy_the_list_in_a_fair_hand keep_to_the_register pack_the_journals_first take_the_night_duty_for_the_extra_pay
enter_it_under_disorders keep_your_hours raise_your_hand_with_the_crowd tell_vitya_to_stay_out_of_the_palace
walk_the_last_of_it_fast carry_the_minister_presidents_papers stand_at_the_back_for_the_speech run_the_result_back
write_only_the_decisions find_the_lines_that_still_work watch_the_cars_go stay_with_the_ministers
keep_tanya_typing_the_appeal carry_the_answer_to_palchinsky read_the_message_down_the_line give_her_the_official_line
stay_at_your_post keep_the_door_shut stay_beside_the_ministers stand_back_among_the_servants turn_out_your_pockets
walk_beside_the_column walk_home_to_vasilievsky go_to_poluektovs_flat vote_to_refuse_the_usurpers take_the_register_home
stay_behind_the_cordon keep_the_list_of_strikers tell_them_there_was_no_storming""".split()
record("clerk-history", "Alyosha follows history, from the new cabinet to November", "clerk", C_HIST, expect_ending="back_at_a_desk")
record("clerk-act2-history", "Alyosha follows history to the eve of the rising (end of Act II)", "clerk",
       C_HIST[:C_HIST.index("enter_it_under_disorders") + 1], expect_scene="c_garrison_crisis")
record("clerk-truce", "Alyosha carries the papers of the railwaymen's truce", "clerk", """copy_the_list_in_a_fair_hand ask_for_the_mariinsky_errands note_the_walkout_for_the_journal carry_the_note_to_the_foreign_ministers_secretary copy_the_losses_for_the_minister volunteer_for_night_duty copy_it_word_for_word take_the_order_to_the_district_staff help_the_old_compositor_up carry_the_minister_presidents_papers stand_at_the_back_for_the_speech run_the_result_back write_only_the_decisions find_the_lines_that_still_work run_up_to_the_journal_room go_with_kishkin_to_the_general_staff copy_the_pskov_tape swear_the_infantry_is_coming ride_the_limber_to_the_gate carry_a_truce_offer_to_smolny carry_the_terms_to_the_duma""".split(), expect_ending="the_truce")
record("clerk-cossacks-ride", "The palace holds for three days, with Alyosha on the roof", "clerk", """copy_the_list_in_a_fair_hand ask_for_the_mariinsky_errands note_the_walkout_for_the_journal carry_the_note_to_the_foreign_ministers_secretary copy_the_losses_for_the_minister volunteer_for_night_duty copy_it_word_for_word take_the_order_to_the_district_staff help_the_old_compositor_up carry_the_minister_presidents_papers stand_at_the_back_for_the_speech run_the_result_back write_only_the_decisions find_the_lines_that_still_work run_up_to_the_journal_room go_with_kishkin_to_the_general_staff copy_the_pskov_tape swear_the_infantry_is_coming ride_the_limber_to_the_gate carry_a_truce_offer_to_smolny write_the_night_into_the_journal""".split(), expect_ending="the_cossacks_ride")
record("clerk-fortress", "Alyosha is taken to the Fortress with the ministers", "clerk", """copy_the_list_in_a_fair_hand ask_for_the_mariinsky_errands note_the_walkout_for_the_journal carry_the_note_to_the_foreign_ministers_secretary copy_the_losses_for_the_minister volunteer_for_night_duty copy_it_word_for_word take_the_order_to_the_district_staff count_the_cadets_for_the_report carry_the_minister_presidents_papers stand_at_the_back_for_the_speech run_the_result_back write_only_the_decisions find_the_lines_that_still_work run_up_to_the_journal_room stay_with_the_ministers send_tanya_home_while_the_square_is_open carry_the_answer_to_palchinsky read_the_message_down_the_line tell_her_no_troops_are_coming stay_at_your_post keep_the_door_shut stay_beside_the_ministers give_your_name_for_the_list write_the_night_down tell_him_there_was_no_storming""".split(), expect_ending="the_fortress")
record("clerk-journal", "Alyosha hides the government's journal under a floorboard", "clerk", """copy_the_list_in_a_fair_hand ask_for_the_mariinsky_errands note_the_walkout_for_the_journal carry_the_note_to_the_foreign_ministers_secretary copy_the_losses_for_the_minister volunteer_for_night_duty copy_it_word_for_word take_the_order_to_the_district_staff count_the_cadets_for_the_report carry_the_minister_presidents_papers stand_at_the_back_for_the_speech run_the_result_back write_only_the_decisions find_the_lines_that_still_work run_up_to_the_journal_room stay_with_the_ministers send_tanya_home_while_the_square_is_open carry_the_answer_to_palchinsky read_the_message_down_the_line tell_her_no_troops_are_coming take_the_journal_and_go_by_the_hospital go_alone_with_the_book bluff_past_the_red_guards give_the_journal_to_the_committee stay_and_copy_for_the_committee tell_her_they_sat_and_waited""".split(), expect_ending="the_journal")
record("clerk-new-chancellery", "Alyosha comes over to the new state's chancellery", "clerk", """copy_the_list_in_a_fair_hand ask_for_the_mariinsky_errands note_the_walkout_for_the_journal carry_the_note_to_the_foreign_ministers_secretary copy_the_losses_for_the_minister volunteer_for_night_duty copy_it_word_for_word take_the_order_to_the_district_staff count_the_cadets_for_the_report carry_the_minister_presidents_papers stand_at_the_back_for_the_speech run_the_result_back write_only_the_decisions find_the_lines_that_still_work run_up_to_the_journal_room stay_with_the_ministers send_tanya_home_while_the_square_is_open carry_the_answer_to_palchinsky read_the_message_down_the_line tell_her_no_troops_are_coming stay_at_your_post keep_the_door_shut go_down_to_the_cadets_on_the_stairs turn_out_your_pockets walk_beside_the_column walk_home_to_vasilievsky go_and_look_at_smolny copy_the_decree_for_the_delegate take_the_work tell_them_the_storming_they_want""".split(), expect_ending="the_new_chancellery")
